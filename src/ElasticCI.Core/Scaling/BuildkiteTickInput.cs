namespace ElasticCI.Scaling;

/// <summary>
/// What one tick of the original scaler sees: the queue's metrics, the group's sizes, the cooldown history and the clock.
/// Also the input of the elastic policy's dry-run (<see cref="ElasticDryRunPolicy"/>).
/// </summary>
/// <param name="Scheduled">jobs.scheduled: runnable jobs not yet on an agent.</param>
/// <param name="Running">jobs.running: jobs on an agent.</param>
/// <param name="Waiting">jobs.waiting: jobs behind wait or block steps or dependencies.</param>
/// <param name="Agents">agents.total: every agent connected to the queue, busy or idle.</param>
/// <param name="Desired">The group's desired capacity.</param>
/// <param name="InService">Instances in service (booting ones are counted only through <paramref name="Desired"/>).</param>
/// <param name="LastScaleOut">When desired capacity was last raised; null if never.</param>
/// <param name="LastScaleIn">When desired capacity was last lowered; null if never.</param>
/// <param name="Now">The tick's clock.</param>
internal sealed record BuildkiteTickInput(
    int Scheduled,
    int Running,
    int Waiting,
    int Agents,
    int Desired,
    int InService,
    DateTimeOffset? LastScaleOut,
    DateTimeOffset? LastScaleIn,
    DateTimeOffset Now);
