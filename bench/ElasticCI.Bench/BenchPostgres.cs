using ElasticCI.Testing;

namespace ElasticCI.Bench;

/// <summary>The PostgreSQL the bench measures on: a throwaway local server (the tests' fixture), or a database the user gives.</summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly PostgresServerFixture? _server;
    private readonly string? _url;

    private BenchPostgres(PostgresServerFixture? server, string? url)
    {
        _server = server;
        _url = url;
    }

    public static async Task<BenchPostgres> StartAsync(string postgres)
    {
        if (postgres != "local")
        {
            return new BenchPostgres(null, postgres);
        }
        await Console.Error.WriteLineAsync("starting a throwaway PostgreSQL server...");
        var server = new PostgresServerFixture();
        await server.InitializeAsync();
        return new BenchPostgres(server, null);
    }

    /// <summary>An empty database's URL (local server), or the URL given.</summary>
    public async Task<string> CreateDatabaseUrlAsync() => _server is null ? _url! : _server.Url(await _server.CreateDatabaseAsync());

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
