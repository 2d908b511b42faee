using Npgsql;

namespace ElasticCI.Cluster.Postgres;

/// <summary>Readiness of the cluster database: the lease table answers (so this replica can follow or lead, and hear other replicas).</summary>
internal sealed class PostgresClusterReadinessCheck(PostgresClusterDatabase database, PostgresClusterOptions options) : IReadinessCheck
{
    public string Name => "cluster";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.EnsureSchemaAsync(options.LeaseName, cancellationToken);
            await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM leader_lease");
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // The exception's message names the server at most, never the connection string's password.
            return $"cluster database unreachable: {ex.Message}";
        }
    }
}
