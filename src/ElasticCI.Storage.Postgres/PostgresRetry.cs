using System.Net.Sockets;
using Npgsql;

namespace ElasticCI.Storage.Postgres;

/// <summary>Which failures of a transaction are worth running it again, and how long to wait before doing so.</summary>
internal static class PostgresRetry
{
    /// <summary>How long a connection outage (a server restart) is waited out before the error reaches the caller.</summary>
    public static readonly TimeSpan ConnectionOutage = TimeSpan.FromSeconds(30);

    /// <summary>Serialization conflicts in a row before giving up (each retry sees the winner's commit, so this ends quickly).</summary>
    public const int MaxConflictAttempts = 50;

    public enum Kind
    {
        None,

        /// <summary>Another transaction won a serialization race or a deadlock: nothing was written, run it again.</summary>
        Conflict,

        /// <summary>The connection broke or the server is shutting down or starting: try a fresh connection.</summary>
        Connection,
    }

    public static Kind Classify(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => Kind.Conflict,
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } => Kind.Connection,
        PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal) => Kind.Connection,
        PostgresException => Kind.None,
        NpgsqlException { InnerException: IOException or SocketException or EndOfStreamException } => Kind.Connection,
        NpgsqlException n when n.IsTransient => Kind.Connection,
        _ => Kind.None,
    };

    public static bool ShouldRetry(Kind kind, int attempt, TimeSpan elapsed) => kind switch
    {
        Kind.Conflict => attempt < MaxConflictAttempts,
        Kind.Connection => elapsed < ConnectionOutage,
        _ => false,
    };

    public static TimeSpan Backoff(Kind kind, int attempt) => kind == Kind.Conflict
        // Jitter, so two coordinators that collided do not collide again in lock-step.
        ? TimeSpan.FromMilliseconds(Random.Shared.Next(0, Math.Min(50, 2 * attempt) + 1))
        : TimeSpan.FromMilliseconds(Math.Min(1000, 100 * attempt));
}
