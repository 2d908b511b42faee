using ElasticCI.Scaling;

namespace ElasticCI.Compute;

/// <summary>One instance as its provider describes it: what the reconcile loop compares with the store.</summary>
/// <param name="Id">The instance id the coordinator gave it at launch.</param>
/// <param name="Stack">The stack it was launched for.</param>
/// <param name="State">Where it is in its life.</param>
/// <param name="ExitCode">Once <see cref="ComputeInstanceState.Gone"/>: its exit code, or -1 when unknown; otherwise null.</param>
/// <param name="BootstrapFailure">Once gone: null when the bootstrap passed or never ran; otherwise the exit code (or timeout) and the tail of its output.</param>
/// <param name="Lifecycle"><see cref="InstanceLifecycles"/>: what the provider says it is (on-demand when it has no spot lifecycle).</param>
/// <param name="ExitReason">Once gone: the provider's own words for why (a spot reclaim, a deleted machine); null to let the coordinator describe the exit code.</param>
internal sealed record ComputeInstanceStatus(
    string Id, string Stack, ComputeInstanceState State, int? ExitCode = null, string? BootstrapFailure = null,
    string Lifecycle = InstanceLifecycles.OnDemand, string? ExitReason = null)
{
    public bool IsGone => State == ComputeInstanceState.Gone;
}
