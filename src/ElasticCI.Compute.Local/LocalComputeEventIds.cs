namespace ElasticCI.Compute.Local;

/// <summary>
/// Every log EventId of the local compute provider, in one place so none is reused: this assembly owns 3000–3999
/// (coordinator 1000s, agent 2000s, local compute 3000s; a new assembly takes the next free thousand). Each class
/// has a block of ten or a hundred; <c>EventIdRegistryTests</c> checks by reflection that every <c>[LoggerMessage]</c>
/// uses an id from here, within the range, and that no id is used twice across the assemblies.
/// </summary>
internal static class LocalComputeEventIds
{
    public const int First = 3000;

    public const int Last = 3999;

    public const int LocalComputeProviderLaunched = 3001;
    public const int LocalComputeProviderExited = 3002;
    public const int LocalComputeProviderKillingAfterGrace = 3003;
    public const int LocalComputeProviderUserNotRemoved = 3004;
    public const int LocalComputeProviderEngineStorageNotRemoved = 3010;
}
