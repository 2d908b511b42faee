namespace ElasticCI.EndToEnd;

/// <summary>
/// <c>elastic-ci up --config elastic-ci.yml --heartbeat-interval 1</c> in a temporary directory of its own, with a
/// <see cref="StackApi"/> on it; disposing stops the process and deletes the directory.
/// </summary>
internal sealed class ConfiguredUp : IAsyncDisposable
{
    private ConfiguredUp(string directory, CoordinatorProcess coordinator)
    {
        Directory = directory;
        Coordinator = coordinator;
        Api = new StackApi(coordinator);
    }

    public string Directory { get; }

    public CoordinatorProcess Coordinator { get; }

    public StackApi Api { get; }

    /// <summary>Writes <paramref name="config"/> as <c>elastic-ci.yml</c> in a new directory named after <paramref name="purpose"/> and starts <c>up</c> on it.</summary>
    public static async Task<ConfiguredUp> StartAsync(string purpose, string config, params string[] extraArgs)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory($"elastic-ci-e2e-{purpose}-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "elastic-ci.yml"), config);
            var coordinator = await CoordinatorProcess.StartAsync(directory, "up", ["--config", "elastic-ci.yml", "--heartbeat-interval", "1", .. extraArgs]);
            return new ConfiguredUp(directory, coordinator);
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Coordinator.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
