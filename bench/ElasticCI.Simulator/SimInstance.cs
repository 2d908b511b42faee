namespace ElasticCI.Simulator;

/// <summary>A simulated instance: booting until its boot time has passed, then running AgentsPerInstance agents.</summary>
internal sealed class SimInstance
{
    public SimInstance(int launchIndex, DateTimeOffset launchedAt, int agentsPerInstance)
    {
        LaunchIndex = launchIndex;
        LaunchedAt = launchedAt;
        Id = $"i-{launchIndex:D5}";
        Slots = [.. Enumerable.Range(0, agentsPerInstance).Select(_ => new AgentSlot())];
    }

    public string Id { get; }
    public int LaunchIndex { get; }
    public DateTimeOffset LaunchedAt { get; }

    /// <summary>Agents registered; until then the instance costs money but takes no work.</summary>
    public bool Booted { get; set; }

    public bool Terminated { get; set; }
    public IReadOnlyList<AgentSlot> Slots { get; }
    public int Busy => Slots.Count(s => s.Job is not null);
    public bool AllIdle => Booted && Slots.All(s => s.Job is null);

    /// <summary>When the last agent became idle; meaningful only while <see cref="AllIdle"/>.</summary>
    public DateTimeOffset AllIdleSince => Slots.Max(s => s.IdleSince);
}
