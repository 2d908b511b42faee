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
        // The agent's other coordinator URLs come after the job's own endpoint: calls fail over as the agent's do.
        var endpoints = JobEndpoints.From(endpoint, Environment.GetEnvironmentVariable(JobEndpoints.Variable));
        if (endpoints is null)
        {
            error.WriteLine($"buildkite-agent: BUILDKITE_AGENT_ENDPOINT '{endpoint}' is not an http(s) URL");
            return null;
        }
        // Inside a container 127.0.0.1 is the container's own loopback: the connect callback falls back to the host.
        var handler = new SocketsHttpHandler { ConnectCallback = ContainerLoopback.ConnectAsync() };
        var http = CoordinatorFailoverHandler.CreateClient(endpoints, TimeSpan.FromMinutes(10), handler: handler);
        return new JobApiClient(http, token);
    }
}
