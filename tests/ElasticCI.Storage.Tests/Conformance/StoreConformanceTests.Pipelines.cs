using ElasticCI.Notifications;

namespace ElasticCI.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task PutPipelineAsync_PipelineThatOnlyHadBuilds_GainsADefinitionAndKeepsNumbering()
    {
        await CreateBuildAsync(TestThenDeploy, pipeline: "app");

        var created = await Store.Pipelines.PutPipelineAsync(new PipelineRecord("app", "App", "https://example.test/app.git", "trunk", TestThenDeploy, Now, Now), Now, Ct);
        var replaced = await Store.Pipelines.PutPipelineAsync(new PipelineRecord("app", "App 2", "", "main", "steps: []\n", Now, Now), Now, Ct);
        var second = await CreateBuildAsync(TestThenDeploy, pipeline: "app");

        Assert.Equal((true, false), (created, replaced));
        var stored = (await Store.Pipelines.GetPipelineAsync("app", Ct))!;
        Assert.Equal(("App 2", "main", "steps: []\n"), (stored.Name, stored.DefaultBranch, stored.Configuration));
        Assert.Equal(2, second.Number);
        Assert.Equal(["app"], (await Store.Pipelines.ListPipelinesAsync(Ct)).Select(p => p.Slug));
    }

    [Fact]
    public async Task DeletePipelineAsync_KeepsBuildsAndHidesTheDefinition()
    {
        await Store.Pipelines.PutPipelineAsync(new PipelineRecord("app", "app", "", "main", TestThenDeploy, Now, Now), Now, Ct);
        var build = await CreateBuildAsync(TestThenDeploy, pipeline: "app");

        Assert.True(await Store.Pipelines.DeletePipelineAsync("app", Ct));
        Assert.False(await Store.Pipelines.DeletePipelineAsync("app", Ct));
        Assert.Null(await Store.Pipelines.GetPipelineAsync("app", Ct));
        Assert.Empty(await Store.Pipelines.ListPipelinesAsync(Ct));
        Assert.NotNull(await Store.Builds.GetBuildAsync(build.Id, Ct));
    }

    [Fact]
    public async Task SaveNotificationPlanAsync_Twice_StoresOnceAndRecordsOutcomesOnlyWhilePending()
    {
        var build = await CreateBuildAsync(TestThenDeploy);
        PlannedNotification[] planned = [new(0, "webhook", "http://h.example.test", NotificationState.Pending, null), new(1, "email", "x", NotificationState.Unsupported, "no")];

        var first = await Store.Notifications.SaveNotificationPlanAsync(build.Id, planned, Now, Ct);
        var again = await Store.Notifications.SaveNotificationPlanAsync(build.Id, planned, Now, Ct);
        var pending = await Store.Notifications.ListPendingNotificationsAsync(10, Ct);
        var recorded = await Store.Notifications.RecordNotificationAsync(build.Id, 0, NotificationState.Delivered, 2, null, Now, Ct);
        var late = await Store.Notifications.RecordNotificationAsync(build.Id, 0, NotificationState.Failed, 3, "x", Now, Ct);

        Assert.Equal((true, false, true, false), (first, again, recorded, late));
        Assert.Equal(0, Assert.Single(pending).Index);
        Assert.Equal(["webhook delivered 2", "email unsupported 0"], (await GetBuildAsync(build.Id)).Notifications.Select(n => $"{n.Channel} {n.State} {n.Attempts}"));
    }
}
