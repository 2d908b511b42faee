using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Notifications;
using ElasticCI.Pipelines;

namespace ElasticCI.Storage.Conformance;

/// <summary>
/// The contract every store keeps, tested through Core's interfaces only. A backend adds a subclass that opens a fresh,
/// empty store (<see cref="OpenStoreAsync"/>); a PostgreSQL subclass creates a database per test the same way.
/// </summary>
public abstract partial class StoreConformanceTests : IAsyncLifetime
{
    private StoreUnderTest? _store;

    protected DateTimeOffset Now { get; set; } = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private protected static CancellationToken Ct => CancellationToken.None;

    private protected StoreUnderTest Store => _store ?? throw new InvalidOperationException("Store is not open.");

    /// <summary>Opens a fresh, empty store of the backend under test.</summary>
    internal abstract Task<StoreUnderTest> OpenStoreAsync(CancellationToken cancellationToken);

    /// <summary>Removes what <see cref="OpenStoreAsync"/> created, after the store is closed.</summary>
    protected abstract Task DeleteStorageAsync();

    public async Task InitializeAsync() => _store = await OpenStoreAsync(Ct);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.Owner.DisposeAsync();
        }
        await DeleteStorageAsync();
    }

    private protected async Task<BuildRecord> CreateBuildAsync(string yaml, string pipeline = "app")
    {
        var parsed = PipelineParser.Parse(yaml, "pipeline.yml");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        var plan = BuildPlanner.Plan(parsed.Pipeline!, "pipeline.yml");
        Assert.True(plan.Succeeded, string.Join("\n", plan.Errors));
        return await Store.Builds.CreateBuildAsync(
            new NewBuild(pipeline, "main", "0123456789abcdef", "Test build", new Dictionary<string, string>(), yaml, plan.Jobs), Now, Ct);
    }

    private protected Task<AgentRecord> RegisterAsync(string id, string queue = "default", string? instanceId = null, params (string Key, string Value)[] tags)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["queue"] = queue };
        foreach (var (key, value) in tags)
        {
            all[key] = value;
        }
        return Store.Agents.RegisterAsync(new NewAgent(id, $"agent-{id}", $"hash-{id}", all, instanceId, "host", 4242), Now, Ct);
    }

    private protected async Task<JobRecord> ClaimAndStartAsync(string agentId)
    {
        var claim = await Store.Jobs.TryClaimAsync(agentId, Now, Ct);
        Assert.NotNull(claim);
        Assert.Equal(StartOutcome.Started, await Store.Jobs.StartAsync(claim.Job.Id, agentId, Now, Ct));
        return claim.Job;
    }

    [Fact]
    public async Task TryClaimAsync_TwoAgentsOneJob_ExactlyOneGetsItAndNoneThrows()
    {
        await CreateBuildAsync("steps:\n  - command: a\n");
        await RegisterAsync("a1");
        await RegisterAsync("a2");

        var claims = await Task.WhenAll(Store.Jobs.TryClaimAsync("a1", Now, Ct), Store.Jobs.TryClaimAsync("a2", Now, Ct));

        Assert.Single(claims, c => c is not null);
    }

    [Fact]
    public async Task FinishAsync_NeverStarted_NotStartedAndStillAssigned()
    {
        await CreateBuildAsync("steps:\n  - command: a\n");
        await RegisterAsync("a1");
        var claim = (await Store.Jobs.TryClaimAsync("a1", Now, Ct))!;

        Assert.Equal(FinishOutcome.NotStarted, await Store.Jobs.FinishAsync(claim.Job.Id, "a1", 0, Now, Ct));

        Assert.Equal(JobState.Assigned, (await Store.Jobs.GetJobAsync(claim.Job.Id, Ct))!.State);
    }

    [Fact]
    public async Task MetaData_SetTwice_LastValueWinsPerBuild()
    {
        var build = await CreateBuildAsync("steps:\n  - command: a\n");
        var other = await CreateBuildAsync("steps:\n  - command: a\n");

        await Store.JobData.SetMetaDataAsync(build.Id, "release", "1", Now, Ct);
        await Store.JobData.SetMetaDataAsync(build.Id, "release", "2", Now, Ct);

        Assert.Equal("2", (await Store.JobData.GetMetaDataAsync(build.Id, Ct))["release"]);
        Assert.Empty(await Store.JobData.GetMetaDataAsync(other.Id, Ct));
    }

    [Fact]
    public async Task AnnotateAsync_AppendAndReplace_KeepsOnePerContext()
    {
        var build = await CreateBuildAsync("steps:\n  - command: a\n");

        await Store.JobData.AnnotateAsync(build.Id, "tests", "error", "one", append: false, Now, Ct);
        await Store.JobData.AnnotateAsync(build.Id, "tests", null, " two", append: true, Now, Ct);
        await Store.JobData.AnnotateAsync(build.Id, "lint", null, "clean", append: false, Now, Ct);

        var annotations = await Store.JobData.ListAnnotationsAsync(build.Id, Ct);
        var tests = Assert.Single(annotations, a => a.Context == "tests");
        Assert.Equal(("error", "one two"), (tests.Style, tests.Body));
        Assert.Equal("default", Assert.Single(annotations, a => a.Context == "lint").Style);
    }

    [Fact]
    public async Task Artifacts_AddListGet_RoundTrip()
    {
        var build = await CreateBuildAsync("steps:\n  - command: a\n");
        var artifact = new ArtifactRecord("art-1", build.Id, build.Jobs[0].Id, "dist/app.tar", 42, "sha1", "sha256", Now);

        await Store.JobData.AddArtifactAsync(artifact, Ct);

        Assert.Equal(artifact.Path, Assert.Single(await Store.JobData.ListArtifactsAsync(build.Id, Ct)).Path);
        Assert.Equal((42L, "sha256"), ((await Store.JobData.GetArtifactAsync("art-1", Ct))!.Size, (await Store.JobData.GetArtifactAsync("art-1", Ct))!.Sha256));
        Assert.Null(await Store.JobData.GetArtifactAsync("nope", Ct));
    }

    [Fact]
    public async Task JobToken_ActiveWhileTheJobRuns_DeadAfterItFinishes()
    {
        await CreateBuildAsync("steps:\n  - command: a\n");
        await RegisterAsync("a1");
        var job = await ClaimAndStartAsync("a1");
        await Store.JobData.IssueJobTokenAsync(job.Id, "token-hash", Ct);

        Assert.Equal(job.Id, (await Store.JobData.FindActiveJobByTokenHashAsync("token-hash", Ct))?.Id);
        await Store.Jobs.FinishAsync(job.Id, "a1", 0, Now, Ct);

        Assert.Null(await Store.JobData.FindActiveJobByTokenHashAsync("token-hash", Ct));
        Assert.Null(await Store.JobData.FindActiveJobByTokenHashAsync("other-hash", Ct));
    }

    [Fact]
    public async Task Triggers_ListStartFinish_FollowTheTriggeredBuild()
    {
        var child = await CreateBuildAsync("steps:\n  - command: child\n", "child");
        var parent = await CreateBuildAsync("steps:\n  - trigger: child\n", "parent");
        var trigger = Assert.Single(await Store.Jobs.ListRunnableTriggersAsync(Ct));
        Assert.Equal(parent.Jobs[0].Id, trigger.Id);

        Assert.True(await Store.Jobs.StartTriggerAsync(trigger.Id, child.Id, async: false, null, Now, Ct));
        Assert.False(await Store.Jobs.StartTriggerAsync(trigger.Id, child.Id, async: false, null, Now, Ct));
        Assert.Equal(0, await Store.Jobs.FinishTriggersAsync(Now, Ct));
        await RegisterAsync("a1");
        var job = await ClaimAndStartAsync("a1");
        await Store.Jobs.FinishAsync(job.Id, "a1", 0, Now, Ct);
        Assert.Equal(1, await Store.Jobs.FinishTriggersAsync(Now, Ct));

        var done = (await Store.Builds.GetBuildAsync(parent.Id, Ct))!;
        Assert.Equal((JobState.Passed, BuildState.Passed.ToName()), (done.Jobs[0].State, done.State));
        Assert.Empty(await Store.Jobs.ListRunnableTriggersAsync(Ct));
    }

    [Fact]
    public async Task UnblockAsync_StoresFieldsAndMovesOn_SecondTimeNotBlocked()
    {
        var build = await CreateBuildAsync("steps:\n  - block: ok\n    fields: [{text: x, key: x}]\n  - command: after\n");
        var block = build.Jobs[0];

        Assert.Equal(UnblockOutcome.Unblocked,
            await Store.Jobs.UnblockAsync(block.Id, new Dictionary<string, string>(StringComparer.Ordinal) { ["x"] = "yes" }, Now, Ct));

        Assert.Equal(UnblockOutcome.NotBlocked, await Store.Jobs.UnblockAsync(block.Id, new Dictionary<string, string>(), Now, Ct));
        Assert.Equal(UnblockOutcome.NotFound, await Store.Jobs.UnblockAsync("nope", new Dictionary<string, string>(), Now, Ct));
        Assert.Equal("yes", (await Store.JobData.GetMetaDataAsync(build.Id, Ct))["x"]);
        Assert.Equal(JobState.Scheduled, (await Store.Builds.GetBuildAsync(build.Id, Ct))!.Jobs[1].State);
    }

    [Fact]
    public async Task Notifications_DecidedOnceThenDeliveredOnce()
    {
        var build = await CreateBuildAsync("steps:\n  - command: a\n");
        await RegisterAsync("a1");
        var job = await ClaimAndStartAsync("a1");
        await Store.Jobs.FinishAsync(job.Id, "a1", 0, Now, Ct);
        Assert.Equal(build.Id, Assert.Single(await Store.Notifications.ListBuildsToNotifyAsync(10, Ct)).Id);

        PlannedNotification[] plan = [new(0, "webhook", "http://127.0.0.1:1/hook", NotificationState.Pending, null)];
        Assert.True(await Store.Notifications.SaveNotificationPlanAsync(build.Id, plan, Now, Ct));
        Assert.False(await Store.Notifications.SaveNotificationPlanAsync(build.Id, plan, Now, Ct));
        Assert.Empty(await Store.Notifications.ListBuildsToNotifyAsync(10, Ct));

        var pending = Assert.Single(await Store.Notifications.ListPendingNotificationsAsync(10, Ct));
        Assert.True(await Store.Notifications.RecordNotificationAsync(build.Id, pending.Index, NotificationState.Delivered, 1, null, Now, Ct));
        Assert.False(await Store.Notifications.RecordNotificationAsync(build.Id, pending.Index, NotificationState.Failed, 2, "late", Now, Ct));
        Assert.Empty(await Store.Notifications.ListPendingNotificationsAsync(10, Ct));
    }
}
