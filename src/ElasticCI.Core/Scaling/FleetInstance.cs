namespace ElasticCI.Scaling;

/// <summary>An instance as the scaler sees it.</summary>
internal sealed record FleetInstance(string Id, InstanceState State, DateTimeOffset LaunchedAt, IReadOnlyList<FleetAgent> Agents)
{
    /// <summary>Counts toward capacity: booting or running, not on its way out.</summary>
    public bool IsActive => State is InstanceState.Pending or InstanceState.Running;
}
