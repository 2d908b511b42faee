using ElasticCI.Cli;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Tests.Settings;

/// <summary>`server` with bad settings from the config file or flags: exit 2, one line naming the key, nothing written.</summary>
public sealed class CoordinatorSettingsCliTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("elastic-ci-settings-");

    public void Dispose() => _directory.Delete(recursive: true);

    private async Task<(int Exit, string Error, string DataDirectory)> ServerAsync(string? yaml, params string[] extra)
    {
        var dataDirectory = Path.Combine(_directory.FullName, "data");
        List<string> args = ["server", "--data-dir", dataDirectory, "--listen", "127.0.0.1:0", .. extra];
        if (yaml is not null)
        {
            var file = Path.Combine(_directory.FullName, "elastic-ci.yml");
            await File.WriteAllTextAsync(file, yaml);
            args.AddRange(["--config", file]);
        }
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync([.. args], output, error);
        return (exit, error.ToString(), dataDirectory);
    }

    [Fact]
    public async Task Server_BadFileSetting_ExitsTwoNamingTheKey()
    {
        var (exit, error, dataDirectory) = await ServerAsync("stacks: []\ncoordinator:\n  HeartbeatInterval: soon\n");

        Assert.Equal(CliApp.ExitUsage, exit);
        Assert.Contains("coordinator.HeartbeatInterval: must be a number of seconds, was 'soon'", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(dataDirectory));
    }

    [Fact]
    public async Task Server_FileValueTheValidatorRefuses_ExitsTwoNamingTheKey()
    {
        var (exit, error, dataDirectory) = await ServerAsync("stacks: []\ncoordinator:\n  MaxJobsPerBuild: 0\n");

        Assert.Equal(CliApp.ExitUsage, exit);
        Assert.Contains("MaxJobsPerBuild (the per-build job cap) must be at least 1, was 0.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDirectory));
    }

    [Fact]
    public async Task Server_UnknownFileKey_ExitsTwo()
    {
        var (exit, error, _) = await ServerAsync("stacks: []\ncoordinator:\n  Lisen: 127.0.0.1:1\n");

        Assert.Equal(CliApp.ExitUsage, exit);
        Assert.Contains("unknown coordinator key 'Lisen'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_UnknownStoreFlag_ExitsTwoNamingTheStores()
    {
        var (exit, error, dataDirectory) = await ServerAsync(null, "--store", "mongodb");

        Assert.Equal(CliApp.ExitUsage, exit);
        Assert.Contains("Store must be one of sqlite or a postgres:// URL, was 'mongodb'.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDirectory));
    }

    [Fact]
    public async Task StartAsync_OptionsInvalidByThen_ValidateOnStartStopsTheHost()
    {
        var options = new CoordinatorOptions { DataDirectory = Path.Combine(_directory.FullName, "host"), Listen = "127.0.0.1:0" };
        await using var app = await CoordinatorHost.BuildAsync(options, null, CancellationToken.None);
        options.HeartbeatInterval = TimeSpan.Zero;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(CancellationToken.None));

        Assert.Contains("HeartbeatInterval must be positive.", error.Failures);
    }
}
