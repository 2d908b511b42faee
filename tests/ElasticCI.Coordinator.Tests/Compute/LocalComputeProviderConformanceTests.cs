using System.Text;
using ElasticCI.Compute;
using ElasticCI.Compute.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticCI.Coordinator.Tests.Compute;

/// <summary>
/// The provider contract against the local provider, with real process trees: each instance's "agent" is a shell that
/// sleeps (the instance's arguments go to it as ignored positional parameters).
/// </summary>
public sealed class LocalComputeProviderConformanceTests : ComputeProviderConformance
{
    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-local-provider-").FullName;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    internal override Task<IComputeProvider> CreateAsync() => Task.FromResult<IComputeProvider>(new LocalComputeProvider(
        new LocalProviderOptions { DataDirectory = _directory, AgentCommand = ["/bin/sh", "-c", "exec sleep 300", "sh"] },
        NullLogger<LocalComputeProvider>.Instance));

    /// <summary>Any live process carrying the instance's marker variable.</summary>
    internal override Task<bool> StillRunsAsync(string instanceId)
    {
        var marker = Encoding.UTF8.GetBytes(ProcessSweeper.MarkerVariable + "=" + instanceId + "\0");
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var environ = File.ReadAllBytes(Path.Combine(dir, "environ"));
                if (environ.AsSpan().IndexOf(marker) >= 0 && !File.ReadAllText(Path.Combine(dir, "stat")).Contains(") Z ", StringComparison.Ordinal))
                {
                    return Task.FromResult(true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }
        return Task.FromResult(false);
    }
}
