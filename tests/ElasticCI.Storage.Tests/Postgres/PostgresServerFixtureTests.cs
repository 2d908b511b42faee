using ElasticCI.Testing;
using Npgsql;

namespace ElasticCI.Storage.Postgres;

/// <summary>The PostgreSQL fixture itself: a real server that tests can use, isolate and restart.</summary>
public sealed class PostgresServerFixtureTests(PostgresServerFixture server) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task Databases_are_separate_and_survive_a_restart()
    {
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();
        Assert.NotEqual(first, second);

        await ExecuteAsync(first, "CREATE TABLE marks (n int); INSERT INTO marks VALUES (7)");
        await server.RestartAsync();

        Assert.Equal(7, await ScalarAsync(first, "SELECT n FROM marks"));
        var missing = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(second, "SELECT n FROM marks"));
        Assert.Equal(PostgresErrorCodes.UndefinedTable, missing.SqlState);
    }

    private async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<int> ScalarAsync(string database, string sql)
    {
        // A restart cuts pooled connections; clear the pool so the first use after it does not fail on a dead one.
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
