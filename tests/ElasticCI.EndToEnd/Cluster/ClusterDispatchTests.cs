using ElasticCI.Testing;

namespace ElasticCI.EndToEnd.Cluster;

/// <summary>
/// Two and three real <c>server</c> processes on one PostgreSQL database, each with its own agent: a build created
/// on one replica runs on agents connected only to the others, and every replica agrees on tokens and on the leader.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterDispatchTests(PostgresServerFixture postgres)
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Replicas_BuildCreatedOnOne_RunsOnAgentsOfTheOthers_SameTokensAndLeader(int count)
    {
        await using var cluster = await ClusterRun.CreateAsync(postgres);
        var replicas = await cluster.StartReplicasAsync(Enumerable.Range(0, count).Select(i => $"r{i}").ToArray());
        for (var i = 0; i < count; i++)
        {
            cluster.StartAgent($"agent-{i}", $"q{i}", replicas[i]);
        }

        foreach (var file in new[] { "api-token", "agent-token" })
        {
            var first = await File.ReadAllTextAsync(Path.Combine(replicas[0].DataDirectory, file));
            foreach (var replica in replicas[1..])
            {
                Assert.Equal(first, await File.ReadAllTextAsync(Path.Combine(replica.DataDirectory, file)));
            }
        }

        // One step per replica's queue, all created through replica r0: only agent-i (connected to ri alone) can run step i.
        var yaml = "steps:\n" + string.Concat(Enumerable.Range(0, count).Select(i =>
            $"  - label: step-{i}\n    command: echo \"ran on $$BUILDKITE_AGENT_NAME\"\n    agents:\n      queue: q{i}\n"));
        var created = await replicas[0].Client.CreateBuildAsync(new(Pipeline: "cluster", Yaml: yaml), CancellationToken.None);
        var build = await BuildRuns.WaitForAsync(replicas[^1].Client, created.Id, b => b.State is "passed" or "failed", TimeSpan.FromMinutes(3));
        Assert.True(build.State == "passed", cluster.Diagnostics());
        foreach (var job in build.Jobs)
        {
            var step = job.Label.Split('-')[1];
            // Read each log through a different replica than the one that created the build.
            var log = await BuildRuns.LogAsync(replicas[int.Parse(step, System.Globalization.CultureInfo.InvariantCulture)].Client, job.Id);
            Assert.Contains($"ran on agent-{step}", log, StringComparison.Ordinal);
        }

        // Every replica names the same leader, through the API and through `stack status`.
        string? leader = null;
        await Eventually.TrueAsync(async () =>
        {
            var views = await Task.WhenAll(replicas.Select(r => r.Client.GetClusterAsync(CancellationToken.None)));
            leader = views[0].Leader;
            return leader is not null && views.All(v => v.Leader == leader) && views.Count(v => v.Leading) == 1;
        }, TimeSpan.FromSeconds(60));
        foreach (var replica in replicas)
        {
            var (exit, output, error) = await Cli.RunAsync(cluster.Root, replica.Environment, "stack", "status");
            Assert.True(exit == 0, error);
            Assert.Contains($"Coordinator leader: {leader} (epoch ", output, StringComparison.Ordinal);
            Assert.Contains($"answered by replica {replica.Id}", output, StringComparison.Ordinal);
        }
    }
}
