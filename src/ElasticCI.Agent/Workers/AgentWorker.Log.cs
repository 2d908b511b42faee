using Microsoft.Extensions.Logging;

namespace ElasticCI.Agent.Workers;

internal sealed partial class AgentWorker
{
    private static partial class Log
    {
        [LoggerMessage(EventId = AgentEventIds.AgentWorkerRegistered, Level = LogLevel.Information, Message = "Registered agent {Name} ({AgentId}) on queue {Queue}")]
        public static partial void Registered(ILogger logger, string name, string agentId, string queue);

        [LoggerMessage(EventId = AgentEventIds.AgentWorkerRegistrationRefused, Level = LogLevel.Error, Message = "Registration of agent {Name} at {ServerUrl} was refused: {Reason}. Check the registration token")]
        public static partial void RegistrationRefused(ILogger logger, string name, string serverUrl, string reason);

        [LoggerMessage(EventId = AgentEventIds.AgentWorkerRegistrationFailed, Level = LogLevel.Error, Message = "Could not register agent {Name} at {ServerUrl}")]
        public static partial void RegistrationFailed(ILogger logger, string name, string serverUrl, Exception exception);

        [LoggerMessage(EventId = AgentEventIds.AgentWorkerStoppedBeforeRegistration, Level = LogLevel.Information, Message = "Agent {Name} stopped before it registered")]
        public static partial void StoppedBeforeRegistration(ILogger logger, string name);

        [LoggerMessage(EventId = AgentEventIds.AgentWorkerPollFailed, Message = "Polling for jobs failed {Count} time(s) in a row; retrying in {Backoff}")]
        public static partial void PollFailed(ILogger logger, LogLevel level, int count, TimeSpan backoff, Exception exception);

        [LoggerMessage(EventId = AgentEventIds.AgentWorkerAccessRevoked, Level = LogLevel.Error, Message = "The coordinator no longer accepts agent {Name}: {Reason}")]
        public static partial void AccessRevoked(ILogger logger, string name, string reason);

        [LoggerMessage(EventId = AgentEventIds.AgentWorkerToldToStop, Level = LogLevel.Information, Message = "Agent {Name} was told to stop")]
        public static partial void ToldToStop(ILogger logger, string name);

        [LoggerMessage(EventId = AgentEventIds.AgentWorkerDraining, Level = LogLevel.Information, Message = "Agent {Name} is draining: it finishes its job and takes no more")]
        public static partial void Draining(ILogger logger, string name);

        [LoggerMessage(EventId = AgentEventIds.AgentWorkerIdleTimeout, Level = LogLevel.Information, Message = "Agent {Name} was idle for {Timeout}; exiting")]
        public static partial void IdleTimeout(ILogger logger, string name, TimeSpan timeout);

        [LoggerMessage(EventId = AgentEventIds.AgentWorkerMaxUptime, Level = LogLevel.Information, Message = "Agent {Name} has been up for {Uptime}; exiting (disconnect after uptime)")]
        public static partial void MaxUptime(ILogger logger, string name, TimeSpan uptime);

        [LoggerMessage(EventId = AgentEventIds.AgentWorkerDisconnectAfterJob, Level = LogLevel.Information, Message = "Agent {Name} ran its job and exits (disconnect after job)")]
        public static partial void DisconnectAfterJob(ILogger logger, string name);

        [LoggerMessage(EventId = AgentEventIds.AgentWorkerHeartbeatFailed, Level = LogLevel.Warning, Message = "Heartbeat of agent {Name} failed")]
        public static partial void HeartbeatFailed(ILogger logger, string name, Exception exception);

        [LoggerMessage(EventId = AgentEventIds.AgentWorkerDisconnected, Level = LogLevel.Information, Message = "Agent {Name} disconnected")]
        public static partial void Disconnected(ILogger logger, string name);

        [LoggerMessage(EventId = AgentEventIds.AgentWorkerDisconnectFailed, Level = LogLevel.Warning, Message = "Agent {Name} could not disconnect; the coordinator will time it out")]
        public static partial void DisconnectFailed(ILogger logger, string name, Exception exception);
    }
}
