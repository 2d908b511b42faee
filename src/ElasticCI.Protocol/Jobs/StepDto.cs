namespace ElasticCI.Protocol.Jobs;

/// <summary>One step of a build as <c>buildkite-agent step get</c> reads it (<c>GET /api/agent/v1/job/steps</c>).</summary>
/// <param name="Id">The id of the step's first job (steps have no id of their own here).</param>
/// <param name="Key">The step's <c>key</c>, or null when it has none.</param>
/// <param name="Label">The step's label.</param>
/// <param name="Command">The command text.</param>
/// <param name="State"><c>waiting</c>, <c>scheduled</c>, <c>running</c> or <c>finished</c>, over all the step's jobs.</param>
/// <param name="Outcome"><c>neutral</c> (not finished, or skipped), <c>passed</c>, <c>soft_failed</c>, <c>hard_failed</c> or <c>errored</c> (canceled, timed out, lost).</param>
/// <param name="Env">The step's environment (pipeline and step <c>env</c>).</param>
/// <param name="Agents">The step's agent targeting rules (<c>agents:</c>).</param>
/// <param name="Jobs">How many jobs the step has (parallelism, matrix; retried ones not counted).</param>
public sealed record StepDto(
    string Id,
    string? Key,
    string Label,
    string Command,
    string State,
    string Outcome,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, string> Agents,
    int Jobs);
