using ElasticCI.Builds;
using ElasticCI.Pipelines;

namespace ElasticCI.Storage.Postgres;

/// <summary>What the PostgreSQL-only tests put in a store first: a build from a pipeline document, and agents.</summary>
internal static class PostgresSeed
{
    public static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Plans <paramref name="yaml"/> and creates it as a build of pipeline <c>app</c>.</summary>
    public static async Task<BuildRecord> CreateBuildAsync(PostgresStore store, string yaml)
    {
        var parsed = PipelineParser.Parse(yaml, "pipeline.yml");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        var plan = BuildPlanner.Plan(parsed.Pipeline!, "pipeline.yml");
        Assert.True(plan.Succeeded, string.Join("\n", plan.Errors));
        return await store.CreateBuildAsync(new NewBuild("app", "main", "0123456789abcdef", "Test build", new Dictionary<string, string>(), yaml, plan.Jobs), Now, CancellationToken.None);
    }

    /// <summary>Registers an agent on the <c>default</c> queue, with <paramref name="tags"/> besides.</summary>
    public static Task<AgentRecord> RegisterAsync(PostgresStore store, string id, params (string Key, string Value)[] tags)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["queue"] = "default" };
        foreach (var (key, value) in tags)
        {
            all[key] = value;
        }
        return store.RegisterAsync(new NewAgent(id, id, $"hash-{id}", all, null, "host", 1), Now, CancellationToken.None);
    }
}
