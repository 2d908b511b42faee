using ElasticCI.Scaling;
using ElasticCI.Stacks;

namespace ElasticCI.Simulator;

/// <summary>
/// ElasticCI: <see cref="ElasticScalingPolicy"/> (the real code) runs ReactionSeconds after a job is scheduled and every
/// TickSeconds. It sees booting instances (so the same demand never launches twice) and per-agent idle times, and
/// drains exactly the instances it names; they are all-idle by construction, so draining is immediate.
/// </summary>
internal sealed class ElasticScalerModel(ElasticSpec spec, StackDefinition stack) : IScalerModel
{
    private bool _reactionPending;

    public string Name => $"elastic (idle {stack.ScaleInIdlePeriod.TotalSeconds:0} s)";

    public void Start(FleetSimulation sim) => sim.At(sim.Now, () => Tick(sim));

    public void OnJobScheduled(FleetSimulation sim)
    {
        // A burst schedules hundreds of jobs within seconds; one pending evaluation covers them all.
        if (_reactionPending)
        {
            return;
        }
        _reactionPending = true;
        sim.At(sim.Now + TimeSpan.FromSeconds(spec.ReactionSeconds), () =>
        {
            _reactionPending = false;
            Evaluate(sim);
        });
    }

    // The policy reads idle times itself on every tick.
    public void OnInstanceIdle(FleetSimulation sim, SimInstance instance)
    {
    }

    private void Tick(FleetSimulation sim)
    {
        Evaluate(sim);
        sim.At(sim.Now + TimeSpan.FromSeconds(spec.TickSeconds), () => Tick(sim));
    }

    private void Evaluate(FleetSimulation sim)
    {
        var fleet = sim.Instances.Select(ToFleetInstance).ToList();
        var decision = ElasticScalingPolicy.Decide(stack, new QueueDemand(sim.Queued, sim.Running, 0), fleet, sim.Now);
        for (var i = 0; i < decision.Launch; i++)
        {
            sim.Launch();
        }
        foreach (var id in decision.Drain)
        {
            sim.Terminate(sim.Instances.Single(i => i.Id == id));
        }
    }

    private static FleetInstance ToFleetInstance(SimInstance instance)
    {
        if (!instance.Booted)
        {
            return new FleetInstance(instance.Id, InstanceState.Pending, instance.LaunchedAt, []);
        }
        var agents = instance.Slots
            .Select((slot, k) => new FleetAgent($"{instance.Id}-{k}", slot.Job is not null, slot.Job is null ? slot.IdleSince : null))
            .ToList();
        return new FleetInstance(instance.Id, InstanceState.Running, instance.LaunchedAt, agents);
    }
}
