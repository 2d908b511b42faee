namespace ElasticCI.Pipelines;

/// <summary>A block step's <c>blocked_state</c>.</summary>
internal enum BlockedState
{
    Passed,
    Failed,
    Running,
}
