namespace ElasticCI.Protocol.Jobs;

/// <summary>Answer to <c>step update</c> and <c>step cancel</c>: the step and how many of its jobs it covers.</summary>
/// <param name="Step">The step key.</param>
/// <param name="Jobs">Current jobs of the step (parallel and matrix jobs count one each).</param>
public sealed record StepChangedDto(string Step, int Jobs);
