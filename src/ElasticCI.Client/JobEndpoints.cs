namespace ElasticCI.Client;

/// <summary>The coordinator URLs a job's own calls (in-job <c>buildkite-agent</c>, the secrets fetch) may use.</summary>
public static class JobEndpoints
{
    /// <summary>Comma-separated coordinator URLs of an agent given several; absent with one.</summary>
    public const string Variable = "ELASTIC_CI_AGENT_ENDPOINTS";

    /// <summary>
    /// <paramref name="endpoint"/> (<c>BUILDKITE_AGENT_ENDPOINT</c>, from the coordinator that dispatched the job) first,
    /// then the agent's other URLs; null when <paramref name="endpoint"/> is missing or not an http(s) URL. A bad
    /// alternatives list is ignored, as before the variable existed.
    /// </summary>
    public static IReadOnlyList<Uri>? From(string? endpoint, string? alternatives)
    {
        if (CoordinatorFailoverHandler.ParseList(endpoint, out _) is not [var primary])
        {
            return null;
        }
        var all = new List<Uri> { primary };
        foreach (var url in CoordinatorFailoverHandler.ParseList(alternatives, out _) ?? [])
        {
            if (!all.Any(u => u.AbsoluteUri.TrimEnd('/') == url.AbsoluteUri.TrimEnd('/')))
            {
                all.Add(url);
            }
        }
        return all;
    }
}
