using ElasticCI.Builds;
using ElasticCI.Jobs;
using Microsoft.Data.Sqlite;

namespace ElasticCI.Storage.Sqlite;

public sealed partial class SqliteStoreTests
{
    /// <summary>
    /// Every change of <c>jobs.state</c>, whichever statement made it, recorded by a trigger in the database itself, while
    /// representative flows run through the store: each recorded transition must be in Core's state table, and each entry
    /// of the table must have been made (the table allows exactly the transitions the system makes).
    /// </summary>
    [Fact]
    public async Task Transitions_RepresentativeFlows_AreExactlyTheStateTable()
    {
        await using (var recorder = new SqliteConnection(ConnectionString))
        {
            await recorder.OpenAsync(Ct);
            using var command = recorder.CreateCommand();
            command.CommandText = """
                CREATE TABLE test_transitions (kind TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL);
                CREATE TRIGGER test_record_transition AFTER UPDATE OF state ON jobs WHEN OLD.state <> NEW.state
                BEGIN INSERT INTO test_transitions (kind, from_state, to_state) VALUES (NEW.kind, OLD.state, NEW.state); END;
                """;
            await command.ExecuteNonQueryAsync(Ct);
        }
        await RegisterAsync("a1");
        await RunAgentFlowsAsync();
        await RunRetryAndTriggerFlowsAsync();
        await RunCancelFlowsAsync();

        var observed = new HashSet<(JobKind, JobState, JobState)>();
        await using (var reader = new SqliteConnection(ConnectionString))
        {
            await reader.OpenAsync(Ct);
            using var command = reader.CreateCommand();
            command.CommandText = "SELECT kind, from_state, to_state FROM test_transitions";
            await using var rows = await command.ExecuteReaderAsync(Ct);
            while (await rows.ReadAsync(Ct))
            {
                observed.Add((Enum.Parse<JobKind>(rows.GetString(0), ignoreCase: true), JobStates.Parse(rows.GetString(1)), JobStates.Parse(rows.GetString(2))));
            }
        }
        var forbidden = observed.Where(t => !JobStates.CanTransition(t.Item1, t.Item2, t.Item3)).ToList();
        Assert.True(forbidden.Count == 0, "forbidden transitions made: " + string.Join(", ", forbidden));
        var table = (from kind in Enum.GetValues<JobKind>()
                     from s in Enum.GetValues<JobState>()
                     from t in Enum.GetValues<JobState>()
                     where JobStates.CanTransition(kind, s, t)
                     select (kind, s, t)).ToHashSet();
        var unused = table.Except(observed).ToList();
        Assert.True(unused.Count == 0, "transitions the table allows but no flow made: " + string.Join(", ", unused));
    }

    /// <summary>Command jobs on an agent: pass, fail, time out, lose the agent before and after start, refuse before start.</summary>
    private async Task RunAgentFlowsAsync()
    {
        var build = await CreateBuildAsync("steps:\n  - command: a\n  - wait\n  - command: b\n    timeout_in_minutes: 1\n");
        var a = await ClaimAndStartAsync("a1");
        await Store.FinishAsync(a.Id, "a1", 0, _now, Ct);
        var b = await ClaimAndStartAsync("a1");
        Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await Store.RequestTimeoutsAsync(_now, Ct));
        await Store.FinishAsync(b.Id, "a1", 1, _now, Ct);
        Assert.Equal(BuildState.Failed.ToName(), (await GetBuildAsync(build.Id)).State);

        await CreateBuildAsync("steps:\n  - command: c\n");
        var c = (await Store.TryClaimAsync("a1", _now, Ct))!.Job;
        Assert.Equal(FinishOutcome.NotStarted, await Store.FinishAsync(c.Id, "a1", 0, _now, Ct));
        Assert.Equal(FinishOutcome.Finished, await Store.FinishAsync(c.Id, "a1", -1, _now, Ct));
        Assert.Equal(JobState.Canceled, (await GetJobAsync(c.Id)).State);

        await CreateBuildAsync("steps:\n  - command: d\n");
        await RegisterAsync("a2");
        var d = (await Store.TryClaimAsync("a2", _now, Ct))!.Job;
        await Store.DisconnectAsync("a2", _now, Ct);
        Assert.Equal(JobState.Scheduled, (await GetJobAsync(d.Id)).State);
        await RegisterAsync("a3");
        var again = await ClaimAndStartAsync("a3");
        Assert.Equal(d.Id, again.Id);
        Advance(TimeSpan.FromMinutes(5));
        await Store.HeartbeatAsync("a1", _now, Ct);
        Assert.Equal(1, await Store.MarkLostAsync(_now - TimeSpan.FromMinutes(2), _now, Ct));
        Assert.Equal(JobState.Lost, (await GetJobAsync(d.Id)).State);
    }

    /// <summary>A failure breaks dependents of every kind, a retry waits them again, then triggers and blocks run their course.</summary>
    private async Task RunRetryAndTriggerFlowsAsync()
    {
        var passedChild = await CreateBuildAsync("steps:\n  - command: child\n", "child");
        var child = await ClaimAndStartAsync("a1");
        await Store.FinishAsync(child.Id, "a1", 0, _now, Ct);
        var failedChild = await CreateBuildAsync("steps:\n  - command: child\n", "child");
        child = await ClaimAndStartAsync("a1");
        await Store.FinishAsync(child.Id, "a1", 1, _now, Ct);

        var build = await CreateBuildAsync(
            "steps:\n  - command: a\n  - wait\n  - command: z\n  - trigger: child\n  - input: ask\n    fields: [{text: x, key: x}]\n  - block: hold\n");
        var a = await ClaimAndStartAsync("a1");
        await Store.FinishAsync(a.Id, "a1", 1, _now, Ct);
        Assert.All((await GetBuildAsync(build.Id)).Jobs.Skip(1), j => Assert.Equal(JobState.Broken, j.State));
        Assert.Equal(RetryOutcome.Retried, (await Store.RetryJobAsync(a.Id, _now, Ct)).Outcome);
        var retry = await ClaimAndStartAsync("a1");
        await Store.FinishAsync(retry.Id, "a1", 0, _now, Ct);
        var z = await ClaimAndStartAsync("a1");
        await Store.FinishAsync(z.Id, "a1", 0, _now, Ct);
        var trigger = (await GetBuildAsync(build.Id)).Jobs.Single(j => j.Kind == JobKind.Trigger);
        Assert.True(await Store.StartTriggerAsync(trigger.Id, passedChild.Id, async: false, null, _now, Ct));
        Assert.Equal(1, await Store.FinishTriggersAsync(_now, Ct));
        var input = (await GetBuildAsync(build.Id)).Jobs.Single(j => j.Kind == JobKind.Input);
        Assert.Equal(UnblockOutcome.Unblocked, await Store.UnblockAsync(input.Id, new Dictionary<string, string>(StringComparer.Ordinal) { ["x"] = "1" }, _now, Ct));
        var block = (await GetBuildAsync(build.Id)).Jobs.Single(j => j.Kind == JobKind.Block);
        Assert.Equal(UnblockOutcome.Unblocked, await Store.UnblockAsync(block.Id, new Dictionary<string, string>(StringComparer.Ordinal), _now, Ct));

        var triggers = await CreateBuildAsync("steps:\n  - trigger: child\n  - trigger: child\n  - trigger: child\n");
        var ids = triggers.Jobs.Select(j => j.Id).ToList();
        Assert.True(await Store.StartTriggerAsync(ids[0], passedChild.Id, async: true, null, _now, Ct));
        Assert.True(await Store.StartTriggerAsync(ids[1], null, async: false, "no such pipeline", _now, Ct));
        Assert.True(await Store.StartTriggerAsync(ids[2], failedChild.Id, async: false, null, _now, Ct));
        Assert.Equal(1, await Store.FinishTriggersAsync(_now, Ct));
        Assert.Equal(
            [JobState.Passed, JobState.Failed, JobState.Failed],
            (await GetBuildAsync(triggers.Id)).Jobs.Select(j => j.State));
    }

    /// <summary>Canceling builds with jobs in every unfinished state, of every kind.</summary>
    private async Task RunCancelFlowsAsync()
    {
        var build = await CreateBuildAsync(
            "steps:\n  - command: x\n  - command: s\n  - wait\n  - command: y\n  - trigger: child\n  - input: ask\n    fields: [{text: x, key: x}]\n  - block: hold\n");
        var x = await ClaimAndStartAsync("a1");
        await Store.CancelBuildAsync(build.Id, _now, Ct);
        await Store.FinishAsync(x.Id, "a1", 0, _now, Ct);
        Assert.All((await GetBuildAsync(build.Id)).Jobs, j => Assert.Equal(JobState.Canceled, j.State));

        foreach (var yaml in new[] { "steps:\n  - trigger: child\n", "steps:\n  - block: hold\n", "steps:\n  - input: ask\n    fields: [{text: x, key: x}]\n" })
        {
            var waiting = await CreateBuildAsync(yaml);
            Assert.Contains(waiting.Jobs[0].State, new[] { JobState.Scheduled, JobState.Blocked });
            await Store.CancelBuildAsync(waiting.Id, _now, Ct);
            Assert.Equal(JobState.Canceled, (await GetBuildAsync(waiting.Id)).Jobs[0].State);
        }
    }

    [Fact]
    public async Task TryClaimAsync_BuildHeldByInputStep_ClaimsTheIndependentJob()
    {
        var build = await CreateBuildAsync("steps:\n  - input: details\n    key: details\n  - command: echo independent\n  - depends_on: details\n    command: echo after\n");
        await RegisterAsync("a1");

        var job = await ClaimAndStartAsync("a1");
        Assert.Equal(FinishOutcome.Finished, await Store.FinishAsync(job.Id, "a1", 0, _now, Ct));

        var held = await GetBuildAsync(build.Id);
        Assert.Equal([JobState.Blocked, JobState.Passed, JobState.Pending], held.Jobs.Select(j => j.State));
        Assert.Equal(BuildState.Blocked.ToName(), held.State);
    }
}
