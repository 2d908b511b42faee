
namespace ElasticCI.EndToEnd;

/// <summary>`elastic-ci secrets put|get|ls|rm` through the real CLI against a real `elastic-ci server` process.</summary>
public sealed class SecretsCliTests : IAsyncLifetime
{
    private const string Value = "DEPLOY_TOKEN=never-printed-by-ls-42\n";
    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-e2e-secrets-").FullName;
    private CoordinatorProcess? _coordinator;
    private Dictionary<string, string> _env = [];

    public async Task InitializeAsync()
    {
        _coordinator = await CoordinatorProcess.StartAsync(_directory, "server");
        _env = _coordinator.Environment;
    }

    public async Task DisposeAsync()
    {
        if (_coordinator is not null)
        {
            await _coordinator.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PutGetLsRm_ThroughTheCli_OnlyGetPrintsTheValue()
    {
        var file = Path.Combine(_directory, "env.txt");
        await File.WriteAllTextAsync(file, Value);

        var put = await Cli.RunAsync(_directory, _env, "secrets", "put", "env", file, "--pipeline", "my-app");
        var get = await Cli.RunAsync(_directory, _env, "secrets", "get", "env", "--pipeline", "my-app");
        var list = await Cli.RunAsync(_directory, _env, "secrets", "ls");
        var listPipeline = await Cli.RunAsync(_directory, _env, "secrets", "ls", "--pipeline", "my-app");
        var listOther = await Cli.RunAsync(_directory, _env, "secrets", "ls", "--pipeline", "other-app");
        var remove = await Cli.RunAsync(_directory, _env, "secrets", "rm", "env", "--pipeline", "my-app");
        var gone = await Cli.RunAsync(_directory, _env, "secrets", "get", "my-app/env");

        Assert.True(put.ExitCode == 0, put.Error);
        Assert.Equal(0, get.ExitCode);
        Assert.Equal(Value, get.Output);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("my-app/env", list.Output, StringComparison.Ordinal);
        Assert.Contains(Value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("never-printed", list.Output + list.Error + put.Output + put.Error + remove.Output, StringComparison.Ordinal);
        Assert.Contains("my-app/env", listPipeline.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("my-app/env", listOther.Output, StringComparison.Ordinal);
        Assert.Equal(0, remove.ExitCode);
        Assert.Equal(2, gone.ExitCode);
        Assert.Contains("not found", gone.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/../b", "'..'")]
    [InlineData("/etc/passwd", "relative")]
    public async Task Put_BadKey_ExitsTwoWithTheReason(string key, string reason)
    {
        var file = Path.Combine(_directory, "value.txt");
        await File.WriteAllTextAsync(file, "x");

        var put = await Cli.RunAsync(_directory, _env, "secrets", "put", key, file);
        var list = await Cli.RunAsync(_directory, _env, "secrets", "ls");

        Assert.Equal(2, put.ExitCode);
        Assert.Contains(reason, put.Error, StringComparison.Ordinal);
        Assert.Equal("", list.Output);
    }

    [Fact]
    public async Task Put_MissingFile_ExitsTwo()
    {
        var put = await Cli.RunAsync(_directory, _env, "secrets", "put", "env", Path.Combine(_directory, "nope"));

        Assert.Equal(2, put.ExitCode);
        Assert.Contains("no such file", put.Error, StringComparison.Ordinal);
    }
}
