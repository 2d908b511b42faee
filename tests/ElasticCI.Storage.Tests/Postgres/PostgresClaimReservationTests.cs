using ElasticCI.Testing;
using Npgsql;

namespace ElasticCI.Storage.Postgres;

/// <summary>
/// What keeps the write lock free for the flows that need it, on a real PostgreSQL server: the claim's reservation (one
/// claim per scheduled job at a time, the others look again) and the row writes that never take the lock.
/// </summary>
public sealed class PostgresClaimReservationTests(PostgresServerFixture server) : IClassFixture<PostgresServerFixture>
{
    private static readonly DateTimeOffset Now = PostgresSeed.Now;

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task TryClaimAsync_OnlyJobReservedByAClaimInFlight_LooksAgainAndClaimsItOnceReleased()
    {
        var (store, build, other) = await OneJobReservedByAnotherClaimAsync();
        await using var _ = store;
        await using var __ = other;

        var claim = store.TryClaimAsync("agent-1", Now, Ct);
        // Not a timing assertion: the claim cannot finish while the job is reserved (it answers null only after its patience).
        await Task.Delay(300);
        Assert.False(claim.IsCompleted, "the claim went ahead while another claim held the job's reservation");
        await other.DisposeAsync();

        var claimed = await claim.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(build.Jobs[0].Id, claimed?.Job.Id);
    }

    [Fact]
    public async Task TryClaimAsync_ReservationHeldPastThePatience_NoJobAndNothingChanged()
    {
        var (store, build, other) = await OneJobReservedByAnotherClaimAsync();
        await using var _ = store;
        await using var __ = other;

        Assert.Null(await store.TryClaimAsync("agent-1", Now, Ct).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(Jobs.JobState.Scheduled, (await store.GetJobAsync(build.Jobs[0].Id, Ct))!.State);
        Assert.Equal("idle", (await store.GetAgentAsync("agent-1", Ct))!.State);
    }

    [Fact]
    public async Task TryClaimAsync_EightAgentsAtOnceAndOnlyOneMayRunTheJob_ThatOneGetsItInTheSameRound()
    {
        var (store, _) = await OpenAsync();
        await using var __ = store;
        var build = await PostgresSeed.CreateBuildAsync(store, "steps:\n  - command: make test\n    agents:\n      os: linux\n");
        var agents = Enumerable.Range(0, 8).Select(i => $"agent-{i}").ToList();
        foreach (var agent in agents)
        {
            await PostgresSeed.RegisterAsync(store, agent, ("os", agent == "agent-5" ? "linux" : "windows"));
        }

        // The others may hold the job's reservation for a moment (their claims choose nothing); the one that may run it
        // looks again while they do, so it is not left waiting for the next change.
        var results = await Task.WhenAll(agents.Select(agent => Task.Run(async () => (agent, claim: await store.TryClaimAsync(agent, Now, Ct)))));

        var winner = Assert.Single(results, r => r.claim is not null);
        Assert.Equal(("agent-5", build.Jobs[0].Id), (winner.agent, winner.claim!.Job.Id));
    }

    [Fact]
    public async Task RowWrites_WhileAnotherWriterHoldsTheWriteLock_DoNotWaitForIt()
    {
        var (store, connectionString) = await OpenAsync();
        await using var _ = store;
        var build = await PostgresSeed.CreateBuildAsync(store, "steps:\n  - command: make test\n");
        await PostgresSeed.RegisterAsync(store, "agent-1");
        Assert.NotNull(await store.TryClaimAsync("agent-1", Now, Ct));
        await using var writer = await HoldAsync(connectionString, "SELECT pg_advisory_xact_lock(@key)", ("key", PostgresStore.WriteLockKey));

        var number = await store.ReserveBuildNumberAsync("app", Now, Ct).WaitAsync(TimeSpan.FromSeconds(30));
        await store.IssueJobTokenAsync(build.Jobs[0].Id, "token-hash", Ct).WaitAsync(TimeSpan.FromSeconds(30));
        var second = await PostgresSeed.CreateBuildAsync(store, "steps:\n  - command: make test\n  - wait\n  - command: make deploy\n").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(build.Number + 1, number);
        Assert.Equal(build.Jobs[0].Id, (await store.FindActiveJobByTokenHashAsync("token-hash", Ct))?.Id);
        // A new build is written without the lock too, and decided as always: the first step scheduled, the last waiting.
        Assert.Equal(number + 1, second.Number);
        Assert.Equal((Jobs.JobState.Scheduled, Jobs.JobState.Pending), (second.Jobs[0].State, second.Jobs[^1].State));
    }

    [Fact]
    public async Task LockedFlows_WhileAnotherWriterHoldsTheWriteLock_WaitUntilItIsReleased()
    {
        var (store, connectionString) = await OpenAsync();
        await using var _ = store;
        var build = await PostgresSeed.CreateBuildAsync(store, "steps:\n  - command: make test\n  - command: make lint\n");
        await PostgresSeed.RegisterAsync(store, "agent-1");
        await PostgresSeed.RegisterAsync(store, "agent-2");
        Assert.NotNull(await store.TryClaimAsync("agent-1", Now, Ct));
        await using var writer = await HoldAsync(connectionString, "SELECT pg_advisory_xact_lock(@key)", ("key", PostgresStore.WriteLockKey));

        // The start takes the write lock with its first command (sent ahead of it, in the same round trip); the claim
        // reserves its job, finds the lock taken and waits for it the same way.
        var start = store.StartAsync(build.Jobs[0].Id, "agent-1", Now, Ct);
        var claim = store.TryClaimAsync("agent-2", Now, Ct);
        // Not a timing assertion: neither can finish while the other session holds the lock.
        await Task.Delay(300);
        Assert.False(start.IsCompleted || claim.IsCompleted, "a locked flow went ahead while another writer held the write lock");
        Assert.Equal([Jobs.JobState.Assigned, Jobs.JobState.Scheduled], (await store.GetBuildAsync(build.Id, Ct))!.Jobs.Select(j => j.State));
        await writer.DisposeAsync();

        Assert.Equal(StartOutcome.Started, await start.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(build.Jobs[1].Id, (await claim.WaitAsync(TimeSpan.FromSeconds(30)))?.Job.Id);
        Assert.Equal(FinishOutcome.Finished, await store.FinishAsync(build.Jobs[0].Id, "agent-1", 0, Now, Ct).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task CreateBuildAsync_TwoStoresCreatingAtOnce_EveryBuildNumberedOnceWithItsJobsScheduled()
    {
        var (first, connectionString) = await OpenAsync();
        await using var _ = first;
        await using var second = await PostgresStore.OpenAsync(connectionString, Ct);

        var builds = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            PostgresSeed.CreateBuildAsync(i % 2 == 0 ? first : second, "steps:\n  - command: make test\n    parallelism: 2\n"))));

        Assert.Equal(Enumerable.Range(1, 20), builds.Select(b => b.Number).Order());
        var stored = await Task.WhenAll(builds.Select(b => second.GetBuildAsync(b.Id, Ct)));
        Assert.All(stored, b => Assert.Equal([Jobs.JobState.Scheduled, Jobs.JobState.Scheduled], b!.Jobs.Select(j => j.State)));
    }

    [Fact]
    public async Task ReserveBuildNumberAsync_TwoStoresRacingOnANewPipeline_EveryNumberOnce()
    {
        var (first, connectionString) = await OpenAsync();
        await using var _ = first;
        await using var second = await PostgresStore.OpenAsync(connectionString, Ct);

        var numbers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => (i % 2 == 0 ? first : second).ReserveBuildNumberAsync("new-pipeline", Now, Ct))));

        Assert.Equal(Enumerable.Range(1, 40).Select(n => (long)n), numbers.Order());
    }

    [Fact]
    public async Task PutPipelineAsync_PipelineCreatedMeanwhileByANumberReservation_KeepsItsNumbering()
    {
        var (store, _) = await OpenAsync();
        await using var __ = store;
        Assert.Equal(1, await store.ReserveBuildNumberAsync("web", Now, Ct));

        Assert.True(await store.PutPipelineAsync(new PipelineRecord("web", "Web", "https://example.com/web.git", "main", "steps: []\n", Now, Now), Now, Ct));

        Assert.Equal(2, await store.ReserveBuildNumberAsync("web", Now, Ct));
    }

    /// <summary>A store with one scheduled job, an idle agent <c>agent-1</c>, and another session holding the job's reservation.</summary>
    private async Task<(PostgresStore Store, BuildRecord Build, NpgsqlConnection Holder)> OneJobReservedByAnotherClaimAsync()
    {
        var (store, connectionString) = await OpenAsync();
        var build = await PostgresSeed.CreateBuildAsync(store, "steps:\n  - command: make test\n");
        await PostgresSeed.RegisterAsync(store, "agent-1");
        var holder = await HoldAsync(connectionString, "SELECT pg_try_advisory_xact_lock(@space, hashtext(@id))",
            ("space", PostgresStore.ReservationSpace), ("id", build.Jobs[0].Id));
        return (store, build, holder);
    }

    private async Task<(PostgresStore Store, string ConnectionString)> OpenAsync()
    {
        var connectionString = server.ConnectionString(await server.CreateDatabaseAsync());
        return (await PostgresStore.OpenAsync(connectionString, Ct), connectionString);
    }

    /// <summary>Another session that takes a lock with <paramref name="sql"/> in an open transaction, held until disposed.</summary>
    private static async Task<NpgsqlConnection> HoldAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN", connection))
        {
            await begin.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        var taken = await command.ExecuteScalarAsync();
        Assert.True(taken is not false, "the other session did not get its lock");
        return connection;
    }
}
