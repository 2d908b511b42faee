using ElasticCI.Jobs;
using ElasticCI.Notifications;

namespace ElasticCI.Storage.Conformance;

/// <summary>Step update and cancel, cross-document depends_on, step and upload notify (the pipelines stream's store changes).</summary>
public abstract partial class StoreConformanceTests
{
    private const string TwoKeyedSteps = "steps:\n  - key: a\n    label: first\n    command: x\n  - key: b\n    label: second\n    command: y\n";

    [Fact]
    public async Task UpdateStepLabelAsync_KnownKey_ChangesItsJobsOnly_UnknownKeyChangesNothing()
    {
        var build = await CreateBuildAsync(TwoKeyedSteps);

        Assert.Equal(1, await Store.Steps.UpdateStepLabelAsync(build.Id, "b", "renamed", Ct));
        Assert.Equal(0, await Store.Steps.UpdateStepLabelAsync(build.Id, "nowhere", "x", Ct));

        Assert.Equal(["first", "renamed"], (await GetBuildAsync(build.Id)).Jobs.Select(j => j.Label));
    }

    [Fact]
    public async Task CancelStepAsync_ScheduledJobCanceledNow_RunningJobAskedToStop_UnknownKeyIsZero()
    {
        var build = await CreateBuildAsync(TwoKeyedSteps);
        await RegisterAsync("a1");
        var running = await ClaimAndStartAsync("a1");
        Assert.Equal("a", running.StepKey);

        Assert.Equal(1, await Store.Steps.CancelStepAsync(build.Id, "b", Now, Ct));
        Assert.Equal(1, await Store.Steps.CancelStepAsync(build.Id, "a", Now, Ct));
        Assert.Equal(0, await Store.Steps.CancelStepAsync(build.Id, "nowhere", Now, Ct));

        var jobs = (await GetBuildAsync(build.Id)).Jobs;
        Assert.Equal(JobState.Canceled, jobs[1].State);
        Assert.Equal(JobState.Running, jobs[0].State);
        Assert.Equal(CancelReasons.Cancel, jobs[0].CancelReason);
        Assert.Equal([running.Id], (await Store.Agents.HeartbeatAsync("a1", Now, Ct)).CancelJobs);
    }

    [Fact]
    public async Task InsertUploadedJobsAsync_DependsOnKeyOfTheBuild_Resolved_KeyFoundNowhere_JobBrokenWithReasonAsLog()
    {
        var build = await CreateBuildAsync("steps:\n  - key: compile\n    command: make\n  - key: gen\n    command: upload\n");
        await RegisterAsync("a1");
        await RegisterAsync("a2");
        var compile = await ClaimAndStartAsync("a1");
        var uploader = await ClaimAndStartAsync("a2");
        Assert.Equal(("compile", "gen"), (compile.StepKey, uploader.StepKey));

        var ids = await Store.Builds.InsertUploadedJobsAsync(uploader.Id, "u1",
            Plan("steps:\n  - label: test\n    command: t\n    depends_on: compile\n  - label: lost\n    command: l\n    depends_on: nowhere\n"), false, Now, Ct);

        var test = await GetJobAsync(ids[0]);
        var lost = await GetJobAsync(ids[1]);
        Assert.Equal([compile.Id], test.DependsOn);
        Assert.Equal(JobState.Pending, test.State);
        Assert.Equal(JobState.Broken, lost.State);
        var log = System.Text.Encoding.UTF8.GetString((await Store.Jobs.ReadLogAsync(lost.Id, 0, 4096, Ct))!);
        Assert.Contains("'nowhere'", log, StringComparison.Ordinal);
        Assert.Equal(log.Length, lost.LogSize);
        Assert.Equal(FinishOutcome.Finished, await Store.Jobs.FinishAsync(compile.Id, "a1", 0, Now, Ct));
        Assert.Equal(JobState.Scheduled, (await GetJobAsync(test.Id)).State);
    }

    [Fact]
    public async Task SaveUploadNotifyAsync_KeptPerUpload_ListedInUploadOrder_UnknownUploadRefused()
    {
        var build = await CreateBuildAsync("steps:\n  - command: upload\n");
        await RegisterAsync("a1");
        var uploader = await ClaimAndStartAsync("a1");
        await Store.Builds.InsertUploadedJobsAsync(uploader.Id, "u1", Plan("steps:\n  - command: one\n"), false, Now, Ct);
        Advance(TimeSpan.FromSeconds(1));
        await Store.Builds.InsertUploadedJobsAsync(uploader.Id, "u2", Plan("steps:\n  - command: two\n"), false, Now, Ct);
        await Store.Builds.InsertUploadedJobsAsync(uploader.Id, "u3", Plan("steps:\n  - command: three\n"), false, Now, Ct);

        Assert.True(await Store.Notifications.SaveUploadNotifyAsync(build.Id, "u3", "[3]", Ct));
        Assert.True(await Store.Notifications.SaveUploadNotifyAsync(build.Id, "u1", "[1]", Ct));
        Assert.False(await Store.Notifications.SaveUploadNotifyAsync(build.Id, "no-such-upload", "[9]", Ct));

        Assert.Equal(["[1]", "[3]"], await Store.Notifications.ListUploadNotifyAsync(build.Id, Ct));
        Assert.Empty(await Store.Notifications.ListUploadNotifyAsync("no-such-build", Ct));
    }

    [Fact]
    public async Task SaveNotificationPlanAsync_StepEntry_KeepsItsJob()
    {
        var build = await CreateBuildAsync("steps:\n  - command: a\n");
        var jobId = build.Jobs[0].Id;
        PlannedNotification[] planned = [new(0, "webhook", "http://h.example.test", NotificationState.Pending, null), new(1, "webhook", "http://s.example.test", NotificationState.Pending, null) { JobId = jobId }];

        Assert.True(await Store.Notifications.SaveNotificationPlanAsync(build.Id, planned, Now, Ct));

        Assert.Equal([null, jobId], (await GetBuildAsync(build.Id)).Notifications.Select(n => n.JobId));
        Assert.Equal([null, jobId], (await Store.Notifications.ListPendingNotificationsAsync(10, Ct)).OrderBy(n => n.Index).Select(n => n.JobId));
    }
}
