namespace ElasticCI.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    private protected const string Stack = "linux-small";

    private protected void Advance(TimeSpan by) => Now += by;

    private protected async Task<BuildRecord> GetBuildAsync(string buildId) => (await Store.Builds.GetBuildAsync(buildId, Ct))!;

    private protected async Task<JobRecord> GetJobAsync(string jobId) => (await Store.Jobs.GetJobAsync(jobId, Ct))!;

    private protected async Task<AgentRecord> GetAgentAsync(string agentId) => (await Store.Agents.GetAgentAsync(agentId, Ct))!;
}
