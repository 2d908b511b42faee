namespace ElasticCI.Agent;

/// <summary>
/// Every log EventId of the agent (`elastic-ci agent start`), in one place so none is reused: this assembly owns 2000–2999
/// (coordinator 1000s, agent 2000s, local compute 3000s; a new assembly takes the next free thousand). Each class
/// has a block of ten or a hundred; <c>EventIdRegistryTests</c> checks by reflection that every <c>[LoggerMessage]</c>
/// uses an id from here, within the range, and that no id is used twice across the assemblies.
/// </summary>
internal static class AgentEventIds
{
    public const int First = 2000;

    public const int Last = 2999;

    public const int AgentHostInvalidOptions = 2001;
    public const int AgentHostParentGone = 2002;
    public const int AgentHostExiting = 2003;
    public const int AgentHostHealthCheckFailed = 2004;
    public const int AgentHostExitingWithoutParent = 2005;
    public const int FailingOver = 2006;

    public const int AgentWorkerRegistered = 2101;
    public const int AgentWorkerRegistrationRefused = 2102;
    public const int AgentWorkerRegistrationFailed = 2103;
    public const int AgentWorkerStoppedBeforeRegistration = 2104;
    public const int AgentWorkerPollFailed = 2105;
    public const int AgentWorkerAccessRevoked = 2106;
    public const int AgentWorkerToldToStop = 2107;
    public const int AgentWorkerDraining = 2108;
    public const int AgentWorkerIdleTimeout = 2109;
    public const int AgentWorkerDisconnectAfterJob = 2110;
    public const int AgentWorkerHeartbeatFailed = 2111;
    public const int AgentWorkerDisconnected = 2112;
    public const int AgentWorkerDisconnectFailed = 2113;
    public const int AgentWorkerMaxUptime = 2114;

    public const int JobRunnerStarting = 2201;
    public const int JobRunnerStartFailed = 2202;
    public const int JobRunnerCanceledBeforeStart = 2203;
    public const int JobRunnerProcessFailed = 2204;
    public const int JobRunnerCanceling = 2205;
    public const int JobRunnerOutputAbandoned = 2206;
    public const int JobRunnerExited = 2207;
    public const int JobRunnerFinished = 2208;
    public const int JobRunnerFinishFailed = 2209;
    public const int JobRunnerRefused = 2210;
    public const int JobRunnerDiskFull = 2211;

    public const int LogStreamerUploadFailed = 2301;
    public const int LogStreamerGaveUp = 2302;

    public const int HealthCheckServerListening = 2401;
    public const int HealthCheckServerAnswerFailed = 2402;
}
