using Out = ElasticCI.Scaling.ScalingAction;

namespace ElasticCI.Scaling;

/// <summary>
/// One row per rule of the original scaler's decision (reference scaler.md §4.1–§4.8), each asserting the desired
/// capacity and the action. Rows start from <see cref="Plain"/> and switch on only the rule they exercise.
/// </summary>
public sealed class BuildkiteScalingPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    // Scale-in enabled, no factors, no availability boost; sizes 0..10, one agent per instance, cooldowns 300 s / 3600 s.
    private static readonly ScalingParameters Plain = new()
    {
        AgentsPerInstance = 1,
        ScaleOutFactor = 0,
        DisableScaleIn = false,
        AvailabilityThreshold = 0,
    };

    private static readonly ScalingParameters Boost = Plain with { AvailabilityThreshold = 0.5 };
    private static readonly ScalingParameters Waiting = Plain with { ScaleOutForWaitingJobs = true };

    private static readonly Dictionary<string, Case> Cases = new Case[]
    {
        // §4.1/§4.2 need = S + R, instances = ceil(need / APR); idle agents are not subtracted.
        new("need S+R, APR 2 rounds up", Plain with { AgentsPerInstance = 2 }, Tick(s: 7, r: 2, agents: 3, desired: 3, inService: 3), 5, Out.Out),
        new("one job, APR 4 → 1 instance", Plain with { AgentsPerInstance = 4 }, Tick(s: 1), 1, Out.Out),
        new("no jobs → MinSize", Plain with { MinSize = 2 }, Tick(desired: 2, inService: 2, agents: 2), 2, Out.None),
        new("running jobs keep a busy fleet, idle agents not subtracted", Plain, Tick(r: 4, agents: 10, desired: 4, inService: 4), 4, Out.None),
        // Waiting rule: only with ScaleOutForWaitingJobs, only when W > R, and it replaces R.
        new("waiting ignored without ScaleOutForWaitingJobs", Plain, Tick(r: 1, w: 5, agents: 1, desired: 1, inService: 1), 1, Out.None),
        new("waiting replaces running when W > R", Waiting, Tick(s: 1, r: 2, w: 5, agents: 2, desired: 1, inService: 1), 6, Out.Out),
        new("waiting == running → running counts", Waiting, Tick(s: 1, r: 3, w: 3, agents: 3, desired: 1, inService: 1), 4, Out.Out),
        new("waiting is not added to running", Waiting, Tick(r: 2, w: 3, agents: 2), 3, Out.Out),
        // APR ≤ 0 → 1:1, and that path skips MaxInstanceCap.
        new("APR 0 → 1:1", Plain with { AgentsPerInstance = 0 }, Tick(s: 3), 3, Out.Out),
        new("APR negative → 1:1", Plain with { AgentsPerInstance = -2 }, Tick(s: 3), 3, Out.Out),
        new("APR 0 is not capped by MaxInstanceCap", Plain with { AgentsPerInstance = 0, MaxInstanceCap = 2 }, Tick(s: 5), 5, Out.Out),
        new("APR 0: no availability boost (nothing expected)", Boost with { AgentsPerInstance = 0 }, Tick(s: 2, desired: 2, inService: 2), 2, Out.None),
        // MaxInstanceCap bounds the job count and the buffer separately, not their sum.
        new("cap limits job-based instances", Plain with { MaxInstanceCap = 3 }, Tick(s: 8), 3, Out.Out),
        new("cap does not cap base + buffer", Plain with { MaxInstanceCap = 3, InstanceBuffer = 5 }, Tick(s: 8), 6, Out.Out),
        // §4.3 proportional buffer, only while there are jobs.
        new("buffer zero with no jobs", Plain with { InstanceBuffer = 3 }, Tick(), 0, Out.None),
        new("buffer at most the instances the jobs need", Plain with { AgentsPerInstance = 2, InstanceBuffer = 5 }, Tick(s: 3), 4, Out.Out),
        new("buffer at most InstanceBuffer", Plain with { InstanceBuffer = 1 }, Tick(s: 4), 5, Out.Out),
        new("buffer counts waiting with the rule on", Waiting with { InstanceBuffer = 5 }, Tick(w: 2), 4, Out.Out),
        new("waiting-only queue without the rule: no need, no buffer", Plain with { InstanceBuffer = 5 }, Tick(w: 3), 0, Out.None),
        new("buffer uses the plain sum S+R+W", Waiting with { InstanceBuffer = 10 }, Tick(r: 2, w: 3, agents: 2, desired: 2, inService: 2), 8, Out.Out),
        new("negative InstanceBuffer subtracts", Plain with { InstanceBuffer = -1 }, Tick(s: 4), 3, Out.Out),
        // Clamp to [MinSize, MaxSize].
        new("clamp to MaxSize", Plain, Tick(s: 20), 10, Out.Out),
        new("clamp to MinSize with no jobs", Plain with { MinSize = 3 }, Tick(), 3, Out.Out),
        // §4.4 availability boost: +1 over Desired, only with work, threshold > 0, availability < threshold, InService == Desired.
        new("boost +1 over desired when converged", Boost with { AgentsPerInstance = 4 }, Tick(s: 8, desired: 2, inService: 2), 3, Out.Out),
        new("no boost while converging; scales straight back", Boost with { AgentsPerInstance = 4 }, Tick(s: 8, desired: 3, inService: 2), 2, Out.In),
        new("no boost without work", Boost with { MinSize = 2 }, Tick(desired: 2, inService: 2), 2, Out.None),
        new("no boost with threshold 0", Plain with { AgentsPerInstance = 4 }, Tick(s: 8, desired: 2, inService: 2), 2, Out.None),
        new("no boost at availability == threshold", Boost with { AgentsPerInstance = 2 }, Tick(s: 4, agents: 2, desired: 2, inService: 2), 2, Out.None),
        new("boost does not lower a larger need", Boost, Tick(s: 5, desired: 2, inService: 2), 5, Out.Out),
        new("boost goes past MaxInstanceCap", Boost with { MaxInstanceCap = 2 }, Tick(s: 5, desired: 2, inService: 2), 3, Out.Out),
        new("boost is clamped by MaxSize", Boost with { MaxSize = 2 }, Tick(s: 5, desired: 2, inService: 2), 2, Out.None),
        new("desired 0: availability 1, no boost", Boost with { AgentsPerInstance = 2 }, Tick(s: 1), 1, Out.Out),
        // §4.5 routing: Current = InService > 0 ? InService : Desired; scale out only above Desired.
        new("booting instances: target = desired > in service → none", Plain, Tick(s: 5, agents: 2, desired: 5, inService: 2), 5, Out.None),
        new("desired 5 / in service 2 / target 4 → in", Plain, Tick(s: 4, agents: 2, desired: 5, inService: 2), 4, Out.In),
        new("in service 0 → current = desired", Boost, Tick(s: 3, desired: 3), 3, Out.None),
        new("desired above target → in", Plain, Tick(s: 2, agents: 6, desired: 6, inService: 6), 2, Out.In),
        // §4.6 scale-out factor: ceil, then ≤ MaxSize; absolute value.
        new("out factor 0.5: step 5 → +3 (ceil)", Plain with { ScaleOutFactor = 0.5 }, Tick(s: 7, agents: 2, desired: 2, inService: 2), 5, Out.Out),
        new("out factor 0.1 still steps by 1", Plain with { ScaleOutFactor = 0.1 }, Tick(s: 3, agents: 2, desired: 2, inService: 2), 3, Out.Out),
        new("out factor 3 overshoots target", Plain with { ScaleOutFactor = 3 }, Tick(s: 4, agents: 2, desired: 2, inService: 2), 8, Out.Out),
        new("out factor overshoot clamped to MaxSize", Plain with { ScaleOutFactor = 5 }, Tick(s: 4, agents: 2, desired: 2, inService: 2), 10, Out.Out),
        new("negative out factor uses absolute value", Plain with { ScaleOutFactor = -0.5 }, Tick(s: 7, agents: 2, desired: 2, inService: 2), 5, Out.Out),
        new("out factor 1.0 (stack default) = target", Plain with { ScaleOutFactor = 1.0 }, Tick(s: 7, agents: 2, desired: 2, inService: 2), 7, Out.Out),
        // §4.7 scale-in factor: floor (toward −∞), then ≥ MinSize, ≥ 0.
        new("in factor 0.5: step −5 → −3 (floor)", Plain with { ScaleInFactor = 0.5 }, Tick(s: 5, agents: 10, desired: 10, inService: 10), 7, Out.In),
        new("in factor 0.1 still steps by 1", Plain with { ScaleInFactor = 0.1 }, Tick(s: 5, agents: 10, desired: 10, inService: 10), 9, Out.In),
        new("in factor 500% overshoots to 0", Plain with { ScaleInFactor = 5, MaxSize = 30 }, Tick(s: 10, agents: 20, desired: 20, inService: 20), 0, Out.In),
        new("in factor overshoot floored at MinSize", Plain with { ScaleInFactor = 5, MaxSize = 30, MinSize = 4 }, Tick(s: 10, agents: 20, desired: 20, inService: 20), 4, Out.In),
        new("negative in factor uses absolute value", Plain with { ScaleInFactor = -0.5 }, Tick(s: 5, agents: 10, desired: 10, inService: 10), 7, Out.In),
        // Cooldowns: strictly greater than; never scaled in this direction → no cooldown.
        new("out: never scaled out → no cooldown", Plain with { ScaleOnlyAfterAllEvent = true }, Tick(s: 3, inAgo: 1), 3, Out.Out),
        new("out: 299 s after scale-out → cooldown", Plain, Tick(s: 3, outAgo: 299), 0, Out.Cooldown),
        new("out: exactly 300 s → allowed", Plain, Tick(s: 3, outAgo: 300), 3, Out.Out),
        new("out: 0 s cooldown never blocks", Plain with { ScaleOutCooldownPeriod = TimeSpan.Zero }, Tick(s: 3, outAgo: 0), 3, Out.Out),
        new("out: ScaleOnlyAfterAllEvent measures from a later scale-in", Plain with { ScaleOnlyAfterAllEvent = true }, Tick(s: 3, outAgo: 1000, inAgo: 100), 0, Out.Cooldown),
        new("out: later scale-in ignored without ScaleOnlyAfterAllEvent", Plain, Tick(s: 3, outAgo: 1000, inAgo: 100), 3, Out.Out),
        new("out: ScaleOnlyAfterAllEvent ignores an earlier scale-in", Plain with { ScaleOnlyAfterAllEvent = true }, Tick(s: 3, outAgo: 400, inAgo: 1000), 3, Out.Out),
        new("in: 3599 s after scale-in → cooldown", Plain, Tick(agents: 3, desired: 3, inService: 3, inAgo: 3599), 3, Out.Cooldown),
        new("in: exactly 3600 s → allowed", Plain, Tick(agents: 3, desired: 3, inService: 3, inAgo: 3600), 0, Out.In),
        new("in: ScaleOnlyAfterAllEvent measures from a later scale-out", Plain with { ScaleOnlyAfterAllEvent = true }, Tick(agents: 3, desired: 3, inService: 3, inAgo: 4000, outAgo: 60), 3, Out.Cooldown),
        new("in: never scaled in → no cooldown despite a recent scale-out", Plain with { ScaleOnlyAfterAllEvent = true }, Tick(agents: 3, desired: 3, inService: 3, outAgo: 1), 0, Out.In),
        // Disable switches, checked before the cooldown.
        new("DisableScaleIn (stack default) → disabled", new ScalingParameters(), Tick(s: 2, agents: 6, desired: 6, inService: 6), 6, Out.Disabled),
        new("DisableScaleOut → disabled", Plain with { DisableScaleOut = true }, Tick(s: 3), 0, Out.Disabled),
        new("disabled wins over cooldown", Plain with { DisableScaleOut = true }, Tick(s: 3, outAgo: 1), 0, Out.Disabled),
        // §4.8 quirk A: Desired ≤ target < InService still takes the scale-in path.
        new("quirk A: target = desired < in service re-sets desired", Plain, Tick(s: 2, agents: 3, desired: 2, inService: 3), 2, Out.In),
        new("quirk A: scale-in path raises desired", Plain, Tick(s: 3, agents: 4, desired: 2, inService: 4), 3, Out.In),
        new("quirk A: DisableScaleIn stops the raise", Plain with { DisableScaleIn = true }, Tick(s: 3, agents: 4, desired: 2, inService: 4), 2, Out.Disabled),
        new("quirk A: floor of a raising step × in factor is 0", Plain with { ScaleInFactor = 0.5 }, Tick(s: 3, agents: 4, desired: 2, inService: 4), 2, Out.In),
        new("quirk A: subject to the scale-in cooldown", Plain, Tick(s: 3, agents: 4, desired: 2, inService: 4, inAgo: 10), 2, Out.Cooldown),
        // The template's defaults end to end.
        new("stack defaults: 3 jobs from empty", new ScalingParameters(), Tick(s: 3), 3, Out.Out),
        new("stack defaults: second wave inside 300 s", new ScalingParameters(), Tick(s: 6, agents: 3, desired: 3, inService: 3, outAgo: 120), 3, Out.Cooldown),
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static TheoryData<string> CaseNames
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in Cases.Keys)
            {
                data.Add(name);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Decide_RuleCase_MatchesOriginal(string name)
    {
        var row = Cases[name];

        var decision = BuildkiteScalingPolicy.Decide(row.Parameters, row.Tick);

        Assert.True((row.Desired, row.Action) == (decision.Desired, decision.Action),
            $"expected desired {row.Desired} action {row.Action}, got {decision.Desired} {decision.Action}: {decision.Reason}");
    }

    [Fact]
    public void Decide_ScaleOut_ReasonNamesInputsAndArithmetic()
    {
        var decision = BuildkiteScalingPolicy.Decide(Plain with { AgentsPerInstance = 2 }, Tick(s: 7, r: 2, agents: 6, desired: 3, inService: 3));

        Assert.Equal(ScalingAction.Out, decision.Action);
        Assert.StartsWith("scheduled=7 running=2 waiting=0 → need 9, APR=2 → 5 instances, buffer 0, ", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("clamp 5 to [0,10] → target 5", decision.Reason, StringComparison.Ordinal);
        Assert.EndsWith("desired 3 → scale out to 5", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_Cooldown_ReasonSaysHowLongSinceWhichEvent()
    {
        var decision = BuildkiteScalingPolicy.Decide(Plain with { ScaleOnlyAfterAllEvent = true }, Tick(s: 3, outAgo: 1000, inAgo: 100));

        Assert.Contains("100s since last scale-in (ScaleOnlyAfterAllEvent) < 300s", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_QuirkA_ReasonNamesTheQuirk()
    {
        var decision = BuildkiteScalingPolicy.Decide(Plain, Tick(s: 2, agents: 3, desired: 2, inService: 3));

        Assert.Contains("quirk A", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_HugeCounts_DoNotOverflow()
    {
        var decision = BuildkiteScalingPolicy.Decide(Plain with { InstanceBuffer = int.MaxValue }, Tick(s: int.MaxValue, r: int.MaxValue, desired: 1, inService: 1, agents: 1));

        Assert.Equal((10, ScalingAction.Out), (decision.Desired, decision.Action));
    }

    private static BuildkiteTickInput Tick(int s = 0, int r = 0, int w = 0, int agents = 0, int desired = 0, int inService = 0, int? outAgo = null, int? inAgo = null) =>
        new(s, r, w, agents, desired, inService,
            outAgo is { } o ? Now.AddSeconds(-o) : null,
            inAgo is { } i ? Now.AddSeconds(-i) : null,
            Now);

    private sealed record Case(string Name, ScalingParameters Parameters, BuildkiteTickInput Tick, int Desired, ScalingAction Action);
}
