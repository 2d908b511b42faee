namespace ElasticCI.Coordinator;

/// <summary>
/// Every log EventId of the coordinator, in one place so none is reused: this assembly owns 1000–1999
/// (coordinator 1000s, agent 2000s, local compute 3000s; a new assembly takes the next free thousand). Each class
/// has a block of ten or a hundred; <c>EventIdRegistryTests</c> checks by reflection that every <c>[LoggerMessage]</c>
/// uses an id from here, within the range, and that no id is used twice across the assemblies.
/// </summary>
internal static class CoordinatorEventIds
{
    public const int First = 1000;

    public const int Last = 1999;

    public const int SecretEndpointsRefused = 1001;

    public const int AgentReaperServiceAgentsLost = 1101;
    public const int AgentReaperServiceFailed = 1102;

    public const int NotificationServiceWebhookFailed = 1201;
    public const int NotificationServiceFailed = 1202;
    public const int NotificationServiceDeliveryFailed = 1203;

    public const int DemandReaderPollFailed = 1301;

    public const int ScalerServiceTickFailed = 1401;

    public const int InstanceReconcileServicePassFailed = 1411;

    public const int FleetManagerLaunchFailed = 1421;
    public const int FleetManagerLaunchFenced = 1422;
    public const int FleetManagerFencedLaunchLeft = 1423;
    public const int FleetManagerProviderCallFenced = 1424;
    public const int FleetManagerOrphanTerminated = 1425;

    public const int SpotInterruptionsFailed = 1431;

    public const int StackConfigReloaderApplied = 1441;
    public const int StackConfigReloaderRefused = 1442;

    public const int InstanceHealthServiceDangling = 1451;
    public const int InstanceHealthServiceCheckFailed = 1452;

    public const int FleetSamplerFailed = 1501;

    public const int JobObserverFailed = 1511;

    public const int LeaderGateDutyStarted = 1601;
    public const int LeaderGateDutyStopped = 1602;
    public const int LeaderGateDutyFailed = 1603;
}
