using ElasticCI.Notifications;

namespace ElasticCI.Storage.Sqlite;

public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task PutPipelineAsync_PipelineThatOnlyHadBuilds_GainsADefinitionAndKeepsNumbering()
    {
        await CreateBuildAsync(TestThenDeploy, pipeline: "app");

        var created = await Store.PutPipelineAsync(new PipelineRecord("app", "App", "https://example.test/app.git", "trunk", TestThenDeploy, _now, _now), _now, Ct);
        var replaced = await Store.PutPipelineAsync(new PipelineRecord("app", "App 2", "", "main", "steps: []\n", _now, _now), _now, Ct);
        var second = await CreateBuildAsync(TestThenDeploy, pipeline: "app");

        Assert.Equal((true, false), (created, replaced));
        var stored = (await Store.GetPipelineAsync("app", Ct))!;
        Assert.Equal(("App 2", "main", "steps: []\n"), (stored.Name, stored.DefaultBranch, stored.Configuration));
        Assert.Equal(2, second.Number);
        Assert.Equal(["app"], (await Store.ListPipelinesAsync(Ct)).Select(p => p.Slug));
    }

    [Fact]
    public async Task DeletePipelineAsync_KeepsBuildsAndHidesTheDefinition()
    {
        await Store.PutPipelineAsync(new PipelineRecord("app", "app", "", "main", TestThenDeploy, _now, _now), _now, Ct);
        var build = await CreateBuildAsync(TestThenDeploy, pipeline: "app");

        Assert.True(await Store.DeletePipelineAsync("app", Ct));
        Assert.False(await Store.DeletePipelineAsync("app", Ct));
        Assert.Null(await Store.GetPipelineAsync("app", Ct));
        Assert.Empty(await Store.ListPipelinesAsync(Ct));
        Assert.NotNull(await Store.GetBuildAsync(build.Id, Ct));
    }

    [Fact]
    public async Task SaveNotificationPlanAsync_Twice_StoresOnceAndRecordsOutcomesOnlyWhilePending()
    {
        var build = await CreateBuildAsync(TestThenDeploy);
        PlannedNotification[] planned = [new(0, "webhook", "http://h.example.test", NotificationState.Pending, null), new(1, "email", "x", NotificationState.Unsupported, "no")];

        var first = await Store.SaveNotificationPlanAsync(build.Id, planned, _now, Ct);
        var again = await Store.SaveNotificationPlanAsync(build.Id, planned, _now, Ct);
        var pending = await Store.ListPendingNotificationsAsync(10, Ct);
        var recorded = await Store.RecordNotificationAsync(build.Id, 0, NotificationState.Delivered, 2, null, _now, Ct);
        var late = await Store.RecordNotificationAsync(build.Id, 0, NotificationState.Failed, 3, "x", _now, Ct);

        Assert.Equal((true, false, true, false), (first, again, recorded, late));
        Assert.Equal(0, Assert.Single(pending).Index);
        Assert.Equal(["webhook delivered 2", "email unsupported 0"], (await GetBuildAsync(build.Id)).Notifications.Select(n => $"{n.Channel} {n.State} {n.Attempts}"));
    }
}
