namespace ElasticCI.Coordinator;

/// <summary>The URL agents use to reach this coordinator; known only once Kestrel listens (port 0 picks one).</summary>
internal sealed class CoordinatorAddress
{
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<string> Url => _url.Task;

    public void Set(string url) => _url.TrySetResult(url.TrimEnd('/'));
}
