namespace ElasticCI.Simulator;

/// <summary>
/// Adapts one real scaling policy to the simulated fleet: when it is evaluated, what it is shown, and how its decision
/// is carried out. The policy's own arithmetic stays in ElasticCI.Core.
/// </summary>
internal interface IScalerModel
{
    string Name { get; }

    /// <summary>Called once at the start of the run, to schedule the first tick.</summary>
    void Start(FleetSimulation sim);

    /// <summary>A job has just become runnable (after the fleet tried to place it).</summary>
    void OnJobScheduled(FleetSimulation sim);

    /// <summary>Every agent of <paramref name="instance"/> has just become idle (after boot, or after its last job).</summary>
    void OnInstanceIdle(FleetSimulation sim, SimInstance instance);
}
