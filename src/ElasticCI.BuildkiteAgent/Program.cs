using ElasticCI.InJob;

// The native in-job command: `buildkite-agent meta-data set k v` and the rest, against the job's token and endpoint
// (BUILDKITE_AGENT_ACCESS_TOKEN, BUILDKITE_AGENT_ENDPOINT) or the agent's local job API socket.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await InJobApp.RunAsync(args, Console.Out, Console.Error, cancel.Token);
