namespace ElasticCI.Pipelines;

/// <summary>
/// A matrix adjustment: a combination (<c>with</c>, dimension → value) that is marked <c>skip</c> (reason, "" for
/// <c>true</c>) or <c>soft_fail</c>; a combination not produced by <c>setup</c> is added.
/// </summary>
internal sealed record MatrixAdjustment(IReadOnlyDictionary<string, string> With, string? Skip, SoftFail? SoftFail);
