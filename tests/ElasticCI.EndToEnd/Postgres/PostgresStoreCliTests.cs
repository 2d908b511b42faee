using System.Diagnostics;
using System.Net.Http.Headers;
using ElasticCI.Testing;

namespace ElasticCI.EndToEnd.Postgres;

/// <summary>
/// <c>elastic-ci server --store postgres://...</c> as users run it: real server processes on a real PostgreSQL (one per
/// test class), two replicas sharing one database and its tokens, and every kind of bad store value refused with exit 2.
/// </summary>
public sealed class PostgresStoreCliTests(PostgresServerFixture server) : IClassFixture<PostgresServerFixture>
{
    private const string Password = "s3cret-Pa55word";

    [Fact]
    public async Task Server_TwoReplicasOnOneDatabase_SameTokenFiles0600AndBuildsSeenByBoth()
    {
        var database = await server.CreateDatabaseAsync();
        // Trust authentication ignores the password, so the URL can carry one to prove it is never printed.
        var url = server.Url(database).Replace($"{PostgresServerFixture.User}@", $"{PostgresServerFixture.User}:{Password}@", StringComparison.Ordinal);
        var root = Directory.CreateTempSubdirectory("elastic-ci-e2e-pg-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "a"));
            Directory.CreateDirectory(Path.Combine(root, "b"));
            // Both at once, so both race to create the tokens.
            var replicas = await Task.WhenAll(
                Replica.StartAsync(Path.Combine(root, "a"), ["--store", url], null),
                Replica.StartAsync(Path.Combine(root, "b"), [], new Dictionary<string, string> { ["ELASTIC_CI_STORE"] = url }));
            await using var a = replicas[0];
            await using var b = replicas[1];

            foreach (var file in new[] { "api-token", "agent-token" })
            {
                var first = Path.Combine(root, "a", "data", file);
                var second = Path.Combine(root, "b", "data", file);
                Assert.Equal(await File.ReadAllTextAsync(first), await File.ReadAllTextAsync(second));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(second));
            }

            await File.WriteAllTextAsync(Path.Combine(root, "pipeline.yml"), "steps:\n  - command: echo shared\n    label: shared-step\n");
            var (exit, _, error) = await Cli.RunAsync(root, a.Environment, "build", "pipeline.yml", "--pipeline", "shared");
            Assert.True(exit == 0, error);
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(root, "b", "data", "api-token"))).Trim());
            var builds = await http.GetStringAsync($"{b.Environment["ELASTIC_CI_SERVER"]}/api/v1/builds");
            Assert.Contains("shared-step", builds, StringComparison.Ordinal);

            await a.DisposeAsync();
            await b.DisposeAsync();
            Assert.DoesNotContain(Password, a.Output + b.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    public static TheoryData<string, string> BadStores() => new()
    {
        { "mysql://app:" + Password + "@db.example.internal:3306/ci", "db.example.internal" },
        { "postgres://app:" + Password + "@db.example.internal:54x2/ci", "db.example.internal" },
        { "postgres://app:" + Password + "@db.example.internal:99999/ci", "db.example.internal" },
        { "postgres://app:" + Password + "@no-such-host.invalid:5432/ci", "no-such-host.invalid" },
        { "postgres://app:" + Password + "@127.0.0.1:{closed}/ci", "127.0.0.1:{closed}" },
        { "postgresql://nobody:" + Password + "@127.0.0.1:{server}/postgres", "127.0.0.1:{server}" },
        { "postgres://" + PostgresServerFixture.User + ":" + Password + "@127.0.0.1:{server}/no_such_database", "127.0.0.1:{server}" },
    };

    [Theory]
    [MemberData(nameof(BadStores))]
    public async Task Server_BadOrUnreachableStore_ExitsTwoWithOneLineNamingTheHostNotThePassword(string store, string host)
    {
        var closed = Cli.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var port = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        store = store.Replace("{closed}", closed, StringComparison.Ordinal).Replace("{server}", port, StringComparison.Ordinal);
        host = host.Replace("{closed}", closed, StringComparison.Ordinal).Replace("{server}", port, StringComparison.Ordinal);
        var directory = Directory.CreateTempSubdirectory("elastic-ci-e2e-pgbad-").FullName;
        try
        {
            var (exit, output, error) = await Cli.RunAsync(directory, null, "server", "--data-dir", "data", "--listen", "127.0.0.1:0", "--store", store);

            Assert.Equal(2, exit);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("elastic-ci: store: ", line, StringComparison.Ordinal);
            Assert.Contains(host, line, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, output + error, StringComparison.Ordinal);
            Assert.DoesNotContain("listening on", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Server_StoreFromConfigFileUnreachable_ExitsTwo()
    {
        var directory = Directory.CreateTempSubdirectory("elastic-ci-e2e-pgcfg-").FullName;
        try
        {
            var closed = Cli.FreePort();
            await File.WriteAllTextAsync(Path.Combine(directory, "elastic-ci.yml"), $"store: postgres://app:{Password}@127.0.0.1:{closed}/ci\nstacks: []\n");

            var (exit, output, error) = await Cli.RunAsync(directory, null, "server", "--data-dir", "data", "--listen", "127.0.0.1:0", "--config", "elastic-ci.yml");

            Assert.Equal(2, exit);
            Assert.Contains($"127.0.0.1:{closed}", error, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, output + error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>One <c>server</c> process with its own data directory, keeping everything it prints.</summary>
    private sealed class Replica : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private Replica(Process process, Dictionary<string, string> environment)
        {
            _process = process;
            Environment = environment;
        }

        public Dictionary<string, string> Environment { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static async Task<Replica> StartAsync(string directory, string[] extraArgs, Dictionary<string, string>? env)
        {
            var port = Cli.FreePort();
            var start = Cli.StartInfo(directory, ["server", "--data-dir", "data", "--listen", $"127.0.0.1:{port}", .. extraArgs]);
            foreach (var (key, value) in env ?? [])
            {
                start.Environment[key] = value;
            }
            var process = Process.Start(start)!;
            var replica = new Replica(process, new Dictionary<string, string>
            {
                ["ELASTIC_CI_SERVER"] = $"http://127.0.0.1:{port}",
                ["ELASTIC_CI_DATA_DIR"] = Path.Combine(directory, "data"),
            });
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void Keep(string? line)
            {
                lock (replica._output)
                {
                    replica._output.AppendLine(line);
                }
                if (line?.Contains("listening on", StringComparison.Ordinal) == true)
                {
                    ready.TrySetResult();
                }
            }
            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return replica;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                await Security.GracefulStop.StopAsync(_process);
            }
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
    }
}
