using Dapper;
using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Testing;
using Npgsql;

namespace ElasticCI.Storage.Postgres;

/// <summary>
/// What only a shared database has: several <see cref="PostgresStore"/>s (as several coordinators) on one database, racing
/// claims and migrations, and the server restarting under them. A real PostgreSQL server, a fresh database per test.
/// </summary>
public sealed class PostgresStoreTests(PostgresServerFixture server) : IClassFixture<PostgresServerFixture>
{
    private static readonly DateTimeOffset Now = PostgresSeed.Now;

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task TryClaimAsync_TwoStoresRacingOnOneDatabase_EachJobClaimedExactlyOnce()
    {
        var database = await server.CreateDatabaseAsync();
        await using var first = await PostgresStore.OpenAsync(server.ConnectionString(database), Ct);
        await using var second = await PostgresStore.OpenAsync(server.ConnectionString(database), Ct);
        const int Jobs = 24;
        var build = await PostgresSeed.CreateBuildAsync(first, $"steps:\n  - command: make test\n    parallelism: {Jobs}\n");
        var agents = Enumerable.Range(0, 2 * Jobs).Select(i => $"agent-{i}").ToList();
        foreach (var agent in agents)
        {
            await PostgresSeed.RegisterAsync(first, agent);
        }

        // Every agent asks at once, half through each store, and asks again while jobs are left unclaimed (a lost race is
        // "no job", as on one coordinator).
        var claimed = new System.Collections.Concurrent.ConcurrentBag<(string Agent, string Job)>();
        var unclaimed = agents;
        for (var round = 0; round < 10 && unclaimed.Count > 0 && claimed.Count < Jobs; round++)
        {
            var results = await Task.WhenAll(unclaimed.Select((agent, i) => Task.Run(async () =>
                (agent, await (i % 2 == 0 ? first : second).TryClaimAsync(agent, Now, Ct)))));
            foreach (var (agent, claim) in results.Where(r => r.Item2 is not null))
            {
                claimed.Add((agent, claim!.Job.Id));
            }
            unclaimed = [.. results.Where(r => r.Item2 is null).Select(r => r.agent)];
        }

        Assert.Equal(Jobs, claimed.Count);
        Assert.Equal(Jobs, claimed.Select(c => c.Job).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Jobs, claimed.Select(c => c.Agent).Distinct(StringComparer.Ordinal).Count());
        var stored = await second.GetBuildAsync(build.Id, Ct);
        Assert.All(stored!.Jobs, j => Assert.Equal(JobState.Assigned, j.State));
        Assert.Equal(claimed.ToDictionary(c => c.Job, c => c.Agent, StringComparer.Ordinal), stored.Jobs.ToDictionary(j => j.Id, j => j.AgentId!, StringComparer.Ordinal));
        foreach (var (agent, job) in claimed)
        {
            Assert.Equal(job, (await first.GetAgentAsync(agent, Ct))!.JobId);
        }
    }

    [Fact]
    public async Task TryClaimAsync_TwoStoresRacingForAConcurrencyGroupOfOne_OnlyOneJobRuns()
    {
        var database = await server.CreateDatabaseAsync();
        await using var first = await PostgresStore.OpenAsync(server.ConnectionString(database), Ct);
        await using var second = await PostgresStore.OpenAsync(server.ConnectionString(database), Ct);
        // Two builds, one deploy job each, in a group that allows one at a time: each store's claim alone would take one.
        const string Deploy = "steps:\n  - command: make deploy\n    concurrency: 1\n    concurrency_group: deploy\n    concurrency_method: eager\n";
        await PostgresSeed.CreateBuildAsync(first, Deploy);
        await PostgresSeed.CreateBuildAsync(first, Deploy);
        await PostgresSeed.RegisterAsync(first, "a");
        await PostgresSeed.RegisterAsync(first, "b");

        var claims = await Task.WhenAll(
            Task.Run(() => first.TryClaimAsync("a", Now, Ct)),
            Task.Run(() => second.TryClaimAsync("b", Now, Ct)));

        Assert.Single(claims, c => c is not null);
    }

    [Fact]
    public async Task OpenAsync_ThreeStoresAtOnceOnAnEmptyDatabase_EachMigrationRunsOnce()
    {
        var database = await server.CreateDatabaseAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgresStore.OpenAsync(server.ConnectionString(database), Ct))));
        try
        {
            var expected = PostgresMigrations.EmbeddedScripts().Select(s => s.Version).ToList();
            Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 20, 30, 40, 50, 55, 60, 61, 90, 100], expected);
            foreach (var store in stores)
            {
                Assert.Equal(expected, await store.AppliedMigrationsAsync(Ct));
            }
            await using var connection = new NpgsqlConnection(server.ConnectionString(database));
            var rows = (await connection.QueryAsync<(int Version, long Count)>(
                "SELECT version, COUNT(*) FROM schema_migrations GROUP BY version ORDER BY version")).ToList();
            Assert.Equal(expected, rows.Select(r => r.Version));
            Assert.All(rows, r => Assert.Equal(1, r.Count));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Store_ServerRestartedMidUse_NextOperationsSucceedAndNothingCommittedIsLost()
    {
        var database = await server.CreateDatabaseAsync();
        await using var store = await PostgresStore.OpenAsync(server.ConnectionString(database), Ct);
        var build = await PostgresSeed.CreateBuildAsync(store, "steps:\n  - command: make a\n  - wait\n  - command: make b\n");
        await PostgresSeed.RegisterAsync(store, "a1");
        var first = (await store.TryClaimAsync("a1", Now, Ct))!.Job;
        Assert.Equal(StartOutcome.Started, await store.StartAsync(first.Id, "a1", Now, Ct));

        // Every pooled connection of the store is cut; the next calls must reconnect by themselves.
        await server.RestartAsync();

        Assert.Equal(FinishOutcome.Finished, await store.FinishAsync(first.Id, "a1", 0, Now, Ct));
        var second = (await store.TryClaimAsync("a1", Now, Ct))!.Job;
        Assert.Equal(StartOutcome.Started, await store.StartAsync(second.Id, "a1", Now, Ct));
        Assert.Equal(FinishOutcome.Finished, await store.FinishAsync(second.Id, "a1", 0, Now, Ct));
        var finished = await store.GetBuildAsync(build.Id, Ct);
        Assert.Equal(BuildState.Passed.ToName(), finished!.State);
    }

    [Fact]
    public async Task OpenAsync_NoServerListening_FailsWithAConnectionError()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => PostgresStore.OpenAsync($"Host=127.0.0.1;Port={port};Username=postgres;Database=x;Timeout=3", Ct));
    }
}
