using System.Diagnostics;
using ElasticCI.Testing;

namespace ElasticCI.EndToEnd.Cluster;

/// <summary>
/// Faults while jobs run and stream logs, with real replicas on one PostgreSQL and agents that know every replica's
/// URL (the replica that will fail first): nothing acknowledged is lost and no job runs twice.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReplicaFaultTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task KillMinus9Leader_AnotherLeadsWithin15s_BuildPassesWithEveryLogLineOnceAndNoJobTwice()
    {
        await using var cluster = await ClusterRun.CreateAsync(postgres);
        var replicas = await cluster.StartReplicasAsync("r0", "r1", "r2");
        var (leader, followers) = await SplitByLeadershipAsync(replicas);
        cluster.StartAgent("agent-0", "default", [leader, .. followers]);
        cluster.StartAgent("agent-1", "default", [leader, .. followers.Reverse()]);
        var build = await StreamingBuild.CreateAsync(cluster, followers[0], jobs: 2);
        await build.WaitStreamingAsync(followers[0]);

        var clock = Stopwatch.StartNew();
        await leader.KillAsync();
        await Eventually.TrueAsync(async () =>
        {
            var view = await followers[0].Client.GetClusterAsync(CancellationToken.None);
            return view.Leader is { } now && now != leader.Id;
        }, TimeSpan.FromSeconds(60));
        var failover = clock.Elapsed;
        Assert.True(failover <= TimeSpan.FromSeconds(15), $"a new leader took over after {failover.TotalSeconds:F1} s (8 s lease)");

        await build.AssertCompleteAsync(followers[1], cluster);
    }

    [Fact]
    public async Task KillMinus9FollowerAgentsUse_AgentsFailOver_BuildPassesWithEveryLogLineOnceAndNoJobTwice()
    {
        await using var cluster = await ClusterRun.CreateAsync(postgres);
        var replicas = await cluster.StartReplicasAsync("r0", "r1");
        var (leader, followers) = await SplitByLeadershipAsync(replicas);
        var victim = followers[0];
        cluster.StartAgent("agent-0", "default", victim, leader);
        cluster.StartAgent("agent-1", "default", victim, leader);
        var build = await StreamingBuild.CreateAsync(cluster, leader, jobs: 2);
        await build.WaitStreamingAsync(leader);

        await victim.KillAsync();

        await build.AssertCompleteAsync(leader, cluster);
        Assert.Equal(leader.Id, (await leader.Client.GetClusterAsync(CancellationToken.None)).Leader);
    }

    [Fact]
    public async Task PostgresRestartedMidBuild_ReplicasReconnect_BuildPassesWithEveryLogLineOnceAndNoJobTwice()
    {
        await using var cluster = await ClusterRun.CreateAsync(postgres);
        var replicas = await cluster.StartReplicasAsync("r0", "r1");
        cluster.StartAgent("agent-0", "default", replicas[0], replicas[1]);
        cluster.StartAgent("agent-1", "default", replicas[1], replicas[0]);
        var build = await StreamingBuild.CreateAsync(cluster, replicas[0], jobs: 2);
        await build.WaitStreamingAsync(replicas[1]);

        await postgres.RestartAsync();

        await build.AssertCompleteAsync(replicas[0], cluster);
        Assert.All(replicas, r => Assert.False(r.HasExited, r.Output));
        // Both replicas work again after the restart: a new build created through r1 runs too.
        var (after, _) = await BuildRuns.RunAsync(replicas[1].Client, "steps:\n  - command: echo after-restart\n", "after", TimeSpan.FromMinutes(2));
        Assert.Equal("passed", after.State);
    }

    /// <summary>Waits until the replicas agree on a leader; returns it and the others.</summary>
    private static async Task<(ClusterReplica Leader, ClusterReplica[] Followers)> SplitByLeadershipAsync(ClusterReplica[] replicas)
    {
        string? leader = null;
        await Eventually.TrueAsync(async () =>
        {
            var views = await Task.WhenAll(replicas.Select(r => r.Client.GetClusterAsync(CancellationToken.None)));
            leader = views[0].Leader;
            return leader is not null && views.All(v => v.Leader == leader);
        }, TimeSpan.FromSeconds(60));
        return (replicas.Single(r => r.Id == leader), replicas.Where(r => r.Id != leader).ToArray());
    }
}
