using System.Globalization;
using System.Reflection;
using ElasticCI.Testing;
using Npgsql;

namespace ElasticCI.EndToEnd.Cluster;

/// <summary>Replicas started at the same moment on an empty database: both start, and the schema is migrated once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConcurrentStartTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task TwoServersAtOnceOnEmptyDatabase_BothServe_EachMigrationRanOnce()
    {
        await using var cluster = await ClusterRun.CreateAsync(postgres);
        var replicas = await cluster.StartReplicasAsync("r0", "r1");
        var (first, second) = (replicas[0], replicas[1]);
        // The versions the store ships, read from the store assembly's embedded scripts ("Schema.001_initial.sql").
        var shipped = Assembly.Load("ElasticCI.Storage.Postgres").GetManifestResourceNames()
            .Where(n => n.StartsWith("Schema.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => int.Parse(n["Schema.".Length..n.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture))
            .Order()
            .ToList();
        Assert.NotEmpty(shipped);
        await using var connection = new NpgsqlConnection(postgres.ConnectionString(cluster.Database));
        await connection.OpenAsync();
        var rows = new List<int>();
        await using (var command = new NpgsqlCommand("SELECT version FROM schema_migrations ORDER BY version", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetInt32(0));
            }
        }
        Assert.Equal(shipped, rows);

        // Both serve, with the same tokens, and a build created on one is seen by the other.
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(first.DataDirectory, "api-token")), await File.ReadAllTextAsync(Path.Combine(second.DataDirectory, "api-token")));
        var created = await first.Client.CreateBuildAsync(new("race", "steps:\n  - command: echo raced\n"), CancellationToken.None);
        Assert.Equal(created.Id, (await second.Client.GetBuildAsync(created.Id, CancellationToken.None)).Id);
    }
}
