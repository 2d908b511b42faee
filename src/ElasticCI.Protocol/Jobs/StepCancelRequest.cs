namespace ElasticCI.Protocol.Jobs;

/// <summary>Body of <c>POST /api/agent/v1/job/steps/cancel</c> (<c>buildkite-agent step cancel</c>).</summary>
/// <param name="Step">Step key in the job's build (required, as <c>--step</c> is for the Buildkite agent).</param>
public sealed record StepCancelRequest(string Step);
