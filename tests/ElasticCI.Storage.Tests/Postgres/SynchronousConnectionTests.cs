using Dapper;
using ElasticCI.Testing;
using Npgsql;

namespace ElasticCI.Storage.Postgres;

/// <summary>The adapter the write lock's flows run on, against a real PostgreSQL server.</summary>
public sealed class SynchronousConnectionTests(PostgresServerFixture server) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task Of_DapperAsyncCalls_AnswerBeforeTheyReturnInTheOwnersTransaction()
    {
        await using var inner = new NpgsqlConnection(server.ConnectionString(await server.CreateDatabaseAsync()));
        await inner.OpenAsync();
        await using var tx = await inner.BeginTransactionAsync();
        var c = SynchronousConnection.Of(inner);

        var created = c.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3)", transaction: tx);
        var scalar = c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t", transaction: tx);
        var rows = c.QueryAsync<int>("SELECT id FROM t ORDER BY id", transaction: tx);

        // Completed on return: no continuation waited in the thread pool.
        Assert.True(created.IsCompleted && scalar.IsCompleted && rows.IsCompleted);
        Assert.Equal(3, await created);
        Assert.Equal(3, await scalar);
        Assert.Equal([1, 2, 3], await rows);
        await tx.RollbackAsync();
        // The work was the owner's transaction: rolled back with it.
        Assert.Equal(0, await inner.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_tables WHERE tablename = 't'"));
    }

    [Fact]
    public async Task Of_ListParameter_PassedAsOneArrayAsOnNpgsqlsOwnConnection()
    {
        await using var inner = new NpgsqlConnection(server.ConnectionString(await server.CreateDatabaseAsync()));
        await inner.OpenAsync();
        await using var tx = await inner.BeginTransactionAsync();

        // The dialect's "= ANY(@ids)" works only when Dapper passes the list as one array, as it does for NpgsqlConnection.
        using var read = await SynchronousConnection.Of(inner).QueryMultipleAsync(
            "SELECT x FROM unnest(@ids) AS x WHERE x = ANY(@ids) ORDER BY x; SELECT cardinality(@ids)", new { ids = new[] { 3, 1, 2 } }, tx);

        Assert.Equal([1, 2, 3], await read.ReadAsync<int>());
        Assert.Equal(3, await read.ReadSingleAsync<int>());
    }

    [Theory]
    [InlineData("query")]
    [InlineData("scalar")]
    [InlineData("execute")]
    public async Task Of_FirstStatement_RunsOnceAheadOfTheFirstCommandWhichAnswersAsWithoutIt(string first)
    {
        await using var inner = new NpgsqlConnection(server.ConnectionString(await server.CreateDatabaseAsync()));
        await inner.OpenAsync();
        await inner.ExecuteAsync("CREATE TABLE seen (n INT); CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2)");
        await using var tx = await inner.BeginTransactionAsync();
        // Rows-free, as the write lock's statement is; it records each time it runs and takes a transaction lock.
        var c = SynchronousConnection.Of(inner, "DO 'BEGIN INSERT INTO seen VALUES (1); PERFORM pg_advisory_xact_lock(4242); END'");

        object answer = first switch
        {
            // Dapper asks a single-row query for one result and one row: the statement ahead must not take that place.
            "query" => await c.QuerySingleAsync<int>("SELECT id FROM t WHERE id = 2", transaction: tx),
            "scalar" => await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t", transaction: tx),
            _ => await c.ExecuteAsync("UPDATE t SET id = id + 10", transaction: tx),
        };
        var later = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM seen", transaction: tx);

        Assert.Equal(2, Convert.ToInt32(answer, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, later);
        Assert.Equal(1, await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND pid = pg_backend_pid()", transaction: tx));
    }

    [Fact]
    public async Task Of_StatementFails_TheErrorReachesTheCaller()
    {
        await using var inner = new NpgsqlConnection(server.ConnectionString(await server.CreateDatabaseAsync()));
        await inner.OpenAsync();
        await using var tx = await inner.BeginTransactionAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => SynchronousConnection.Of(inner).ExecuteAsync("SELECT * FROM missing_table", transaction: tx));

        Assert.Equal(PostgresErrorCodes.UndefinedTable, error.SqlState);
    }
}
