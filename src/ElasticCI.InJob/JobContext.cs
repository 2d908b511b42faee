using ElasticCI.Client;

namespace ElasticCI.InJob;

/// <summary>The running job's connection, from the environment the agent gives every job.</summary>
internal static class JobContext
{
    public static JobApiClient? Connect(TextWriter error)
    {
        var token = Environment.GetEnvironmentVariable("BUILDKITE_AGENT_ACCESS_TOKEN");
        var endpoint = Environment.GetEnvironmentVariable("BUILDKITE_AGENT_ENDPOINT");
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(endpoint))
        {
            error.WriteLine("buildkite-agent: BUILDKITE_AGENT_ACCESS_TOKEN and BUILDKITE_AGENT_ENDPOINT are not set; this command works inside a job");
            return null;
        }
        if (!Uri.TryCreate(endpoint.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress))
        {
            error.WriteLine($"buildkite-agent: BUILDKITE_AGENT_ENDPOINT '{endpoint}' is not an absolute URL");
            return null;
        }
        var handler = new SocketsHttpHandler { ConnectCallback = ContainerLoopback.ConnectAsync(baseAddress) };
        var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) };
        return new JobApiClient(http, token);
    }
}
