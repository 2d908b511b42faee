namespace ElasticCI.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    // The store that holds the pipeline definitions holds their secrets prefix grants (issue 12).
    private IPipelineGrantStore Grants => (IPipelineGrantStore)Store.Builds;

    [Fact]
    public async Task SetPipelineGrantsAsync_ReplacesSortedPerSlugAndEmptyRemoves()
    {
        await Grants.SetPipelineGrantsAsync("web", ["shared", "infra", "shared"], Ct);
        await Grants.SetPipelineGrantsAsync("api", ["shared"], Ct);

        Assert.Equal(["infra", "shared"], await Grants.GetPipelineGrantsAsync("web", Ct));
        await Grants.SetPipelineGrantsAsync("web", ["web-staging"], Ct);
        Assert.Equal(["web-staging"], await Grants.GetPipelineGrantsAsync("web", Ct));
        await Grants.SetPipelineGrantsAsync("web", [], Ct);
        Assert.Empty(await Grants.GetPipelineGrantsAsync("web", Ct));
        Assert.Equal(["shared"], await Grants.GetPipelineGrantsAsync("api", Ct));
        Assert.Empty(await Grants.GetPipelineGrantsAsync("nobody", Ct));
    }

    [Fact]
    public async Task DeletePipelineAsync_RemovesItsGrantsWithIt_OthersKept()
    {
        await Store.Pipelines.PutPipelineAsync(new PipelineRecord("web", "Web", "", "main", TestThenDeploy, Now, Now), Now, Ct);
        await Grants.SetPipelineGrantsAsync("web", ["shared"], Ct);
        await Grants.SetPipelineGrantsAsync("api", ["shared"], Ct);

        Assert.True(await Store.Pipelines.DeletePipelineAsync("web", Ct));

        Assert.Empty(await Grants.GetPipelineGrantsAsync("web", Ct));
        Assert.Equal(["shared"], await Grants.GetPipelineGrantsAsync("api", Ct));
    }
}
