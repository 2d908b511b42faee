namespace ElasticCI.Protocol.Jobs;

/// <summary>Body of <c>POST /api/agent/v1/job/steps/update</c> (<c>buildkite-agent step update</c>).</summary>
/// <param name="Step">Step key in the job's build; null: the calling job's own step.</param>
/// <param name="Attribute">The attribute to change; <c>label</c> is supported.</param>
/// <param name="Value">The new value (1 to 1,000 characters, no control characters).</param>
public sealed record StepUpdateRequest(string? Step, string Attribute, string Value);
