using Dapper;
using ElasticCI.Cluster;
using Microsoft.Data.Sqlite;

namespace ElasticCI.Storage.Sqlite;

/// <summary>
/// Readiness of the SQLite store: the database file opens afresh (not through the store's long-lived connection, which
/// would keep a moved or deleted file alive) and every embedded migration is applied.
/// </summary>
internal sealed class SqliteReadinessCheck(string databaseFile) : IReadinessCheck
{
    private static readonly int Latest = SqliteStore.EmbeddedScripts().Max(s => s.Version);

    public string Name => "store";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        // ReadWrite without Create: a missing file is an error instead of a new empty database.
        var builder = new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 5 };
        try
        {
            await using var connection = new SqliteConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            var applied = await connection.ExecuteScalarAsync<int?>(
                new CommandDefinition("SELECT MAX(version) FROM schema_migrations", cancellationToken: cancellationToken));
            return applied >= Latest ? null : $"SQLite store migrations pending: applied {applied?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, expected {Latest.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }
        catch (SqliteException ex)
        {
            return $"SQLite store unreachable: {ex.Message}";
        }
    }
}
