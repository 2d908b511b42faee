using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Pipelines;

namespace ElasticCI.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task InsertUploadedJobsAsync_SameUploadIdTwice_InsertsOnce()
    {
        var build = await CreateBuildAsync("steps:\n  - label: gen\n    command: upload\n  - wait\n  - label: after\n    command: echo\n");
        await RegisterAsync("a1");
        var uploader = await ClaimAndStartAsync("a1");

        var first = await Store.Builds.InsertUploadedJobsAsync(uploader.Id, "upload-1", Plan("steps:\n  - command: one\n  - command: two\n"), false, Now, Ct);
        var second = await Store.Builds.InsertUploadedJobsAsync(uploader.Id, "upload-1", Plan("steps:\n  - command: one\n  - command: two\n"), false, Now, Ct);

        Assert.Equal(first, second);
        var stored = await GetBuildAsync(build.Id);
        Assert.Equal(["gen", "one", "two", "after"], stored.Jobs.Select(j => j.Label));
        Assert.Equal(JobState.Scheduled, stored.Jobs[1].State);
        Assert.Contains(first[0], stored.Jobs[3].DependsOn);
        Assert.Contains(first[1], stored.Jobs[3].DependsOn);
    }

    [Fact]
    public async Task InsertUploadedJobsAsync_Replace_RemovesUnstartedJobsAfterTheUploaderOnly()
    {
        var build = await CreateBuildAsync("steps:\n  - label: first\n    command: a\n  - label: gen\n    command: upload\n  - wait\n  - label: later\n    command: echo\n");
        await RegisterAsync("a1");
        await RegisterAsync("a2");
        await ClaimAndStartAsync("a1");
        var uploader = await ClaimAndStartAsync("a2");
        Assert.Equal("gen", uploader.Label);

        await Store.Builds.InsertUploadedJobsAsync(uploader.Id, "u", Plan("steps:\n  - label: new\n    command: x\n"), true, Now, Ct);

        var stored = await GetBuildAsync(build.Id);
        Assert.Equal(["first", "gen", "new"], stored.Jobs.Select(j => j.Label));
        Assert.Equal([0, 1, 2], stored.Jobs.Select(j => j.Index));
    }

    private static IReadOnlyList<PlannedJob> Plan(string yaml)
    {
        var parsed = PipelineParser.Parse(yaml, "upload.yml");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        return BuildPlanner.Plan(parsed.Pipeline!, "upload.yml").Jobs;
    }
}
