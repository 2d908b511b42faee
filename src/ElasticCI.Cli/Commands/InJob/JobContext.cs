using ElasticCI.Client;

namespace ElasticCI.Cli.Commands.InJob;

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
        var endpoints = Agent.Jobs.JobEndpoints.From(endpoint, Environment.GetEnvironmentVariable(Agent.Jobs.JobEndpoints.Variable));
        if (endpoints is null)
        {
            error.WriteLine($"buildkite-agent: BUILDKITE_AGENT_ENDPOINT '{endpoint}' is not an http(s) URL");
            return null;
        }
        var http = CoordinatorFailoverHandler.CreateClient(endpoints, TimeSpan.FromMinutes(10));
        return new JobApiClient(http, token);
    }
}
