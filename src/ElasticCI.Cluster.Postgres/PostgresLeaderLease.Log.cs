using Microsoft.Extensions.Logging;

namespace ElasticCI.Cluster.Postgres;

internal sealed partial class PostgresLeaderLease
{
    private static partial class Log
    {
        [LoggerMessage(EventId = ClusterPostgresEventIds.LeaseGained, Level = LogLevel.Information, Message = "Replica {Replica} now leads the cluster (epoch {Epoch})")]
        public static partial void Gained(ILogger logger, string replica, long epoch);

        [LoggerMessage(EventId = ClusterPostgresEventIds.LeaseLost, Level = LogLevel.Warning, Message = "Replica {Replica} lost the lead of epoch {Epoch}; the lease is held by {Holder} (epoch {HolderEpoch})")]
        public static partial void Lost(ILogger logger, string replica, long epoch, string holder, long holderEpoch);

        [LoggerMessage(EventId = ClusterPostgresEventIds.LeaseExpired, Level = LogLevel.Warning, Message = "Replica {Replica} lost the lead of epoch {Epoch}: the lease ran out before it could be renewed (last attempt: {LastError})")]
        public static partial void Expired(ILogger logger, string replica, long epoch, string lastError);

        [LoggerMessage(EventId = ClusterPostgresEventIds.LeaseAttemptFailed, Message = "Leader lease attempt failed {Count} time(s) in a row: {Error}: {Message}")]
        public static partial void AttemptFailed(ILogger logger, LogLevel level, int count, string error, string message);

        [LoggerMessage(EventId = ClusterPostgresEventIds.LeaseReleaseFailed, Level = LogLevel.Debug, Message = "Releasing the leader lease failed (it expires by itself): {Message}")]
        public static partial void ReleaseFailed(ILogger logger, string message);

        [LoggerMessage(EventId = ClusterPostgresEventIds.FencedWriteRefused, Level = LogLevel.Warning, Message = "Replica {Replica} refused a write of leader term {Epoch}: the lease is held by {Holder} (epoch {HolderEpoch}) or ran out")]
        public static partial void FencedWriteRefused(ILogger logger, string replica, long epoch, string holder, long holderEpoch);
    }
}
