using ElasticCI.Scaling;

namespace ElasticCI.Simulator;

/// <summary>
/// The original Elastic CI Stack: buildkite-agent-scaler (<see cref="BuildkiteScalingPolicy"/>, the real code) polls
/// every TickSeconds and only ever raises the group's desired capacity (DisableScaleIn, the stack default). Instances
/// leave by themselves: once every agent has been idle AgentIdleTimeoutSeconds the agent disconnects and the instance
/// terminates itself, decrementing desired capacity (the stack's --disconnect-after-idle-timeout + PostStop hook).
/// </summary>
internal sealed class BuildkiteScalerModel(BuildkiteSpec spec, ScalingParameters parameters) : IScalerModel
{
    private int _desired;
    private DateTimeOffset? _lastScaleOut;

    public string Name => "buildkite";

    public void Start(FleetSimulation sim) => sim.At(sim.Now, () => Tick(sim));

    // Polling only: a new job waits for the next tick.
    public void OnJobScheduled(FleetSimulation sim)
    {
    }

    public void OnInstanceIdle(FleetSimulation sim, SimInstance instance)
    {
        var since = instance.AllIdleSince;
        sim.At(since + TimeSpan.FromSeconds(spec.AgentIdleTimeoutSeconds), () =>
        {
            // A job in between resets the agents' idle timers; a new idle spell has scheduled its own check.
            // The group refuses a decrement below MinSize, so such an instance stays.
            if (!instance.Terminated && instance.AllIdle && instance.AllIdleSince == since && _desired > parameters.MinSize)
            {
                sim.Terminate(instance);
                _desired--;
            }
        });
    }

    private void Tick(FleetSimulation sim)
    {
        // InService counts instances whose agents have registered: the simulated boot covers EC2 start and agent start.
        var inService = sim.Instances.Count(i => i.Booted);
        var input = new BuildkiteTickInput(
            Scheduled: sim.Queued,
            Running: sim.Running,
            Waiting: 0,
            Agents: inService * sim.AgentsPerInstance,
            Desired: _desired,
            InService: inService,
            LastScaleOut: _lastScaleOut,
            LastScaleIn: null,
            Now: sim.Now);
        var decision = BuildkiteScalingPolicy.Decide(parameters, input);
        switch (decision.Action)
        {
            case ScalingAction.Out:
                for (var i = _desired; i < decision.Desired; i++)
                {
                    sim.Launch();
                }
                _desired = decision.Desired;
                _lastScaleOut = sim.Now;
                break;
            case ScalingAction.In:
                throw new InvalidOperationException($"scale-in with DisableScaleIn: {decision.Reason}");
        }
        sim.At(sim.Now + TimeSpan.FromSeconds(spec.TickSeconds), () => Tick(sim));
    }
}
