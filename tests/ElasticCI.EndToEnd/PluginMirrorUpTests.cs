using System.Diagnostics;
using System.Text.Json;

namespace ElasticCI.EndToEnd;

/// <summary>
/// The stack parameter <c>PluginMirror</c> on <c>elastic-ci up</c>: an instance's agents fetch an official-style
/// reference (<c>docker#v5.12.0</c>) from a local mirror of our own test plugin, and a plugin the mirror lacks fails its
/// job with one line naming the plugin and the mirror path.
/// </summary>
public sealed class PluginMirrorUpTests
{
    [Fact]
    public async Task Up_StackPluginMirror_OfficialReferenceFromTheMirror_MissingOneFailsWithOneLine()
    {
        var mirror = Directory.CreateTempSubdirectory("elastic-ci-e2e-mirror-").FullName;
        try
        {
            await AddTestPluginAsync(mirror);
            await using var up = await ConfiguredUp.StartAsync("plugin-mirror", $"""
                stacks:
                  - Name: air
                    Queue: default
                    Provider: local
                    Isolation: none
                    MinSize: 0
                    MaxSize: 1
                    PluginMirror: {mirror}
                """);
            var pipeline = Path.Combine(up.Directory, "pipeline.yml");
            await File.WriteAllTextAsync(pipeline, """
                steps:
                  - label: mirrored
                    command: "true"
                    plugins:
                      - docker#v5.12.0:
                          image: busybox:1
                  - label: missing
                    command: "true"
                    plugins:
                      - docker-compose#v5.0.0:
                          run: app
                """);

            var (_, output, error) = await Cli.RunAsync(up.Directory, up.Coordinator.Environment, "build", pipeline,
                "--pipeline", "air", "--watch", "--output", "json");

            using var build = JsonDocument.Parse(output);
            var jobs = build.RootElement.GetProperty("jobs").EnumerateArray().ToList();
            Assert.True(jobs[0].GetProperty("state").GetString() == "passed", error);
            Assert.Contains("mirrored docker plugin ran with image=busybox:1", error, StringComparison.Ordinal);
            Assert.Equal("failed", jobs[1].GetProperty("state").GetString());
            Assert.Contains($"Plugin docker-compose#v5.0.0 is not in the plugin mirror: {mirror}/github.com/buildkite-plugins/docker-compose-buildkite-plugin does not exist",
                error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(mirror, recursive: true);
        }
    }

    /// <summary>Our own docker-style plugin as a git repository at the mirror path of the official one, tagged v5.12.0.</summary>
    private static async Task AddTestPluginAsync(string mirror)
    {
        var work = Path.Combine(mirror, "github.com", "buildkite-plugins", "docker-buildkite-plugin");
        Directory.CreateDirectory(Path.Combine(work, "hooks"));
        var hook = Path.Combine(work, "hooks", "command");
        await File.WriteAllTextAsync(hook, "#!/bin/sh\necho \"mirrored docker plugin ran with image=$BUILDKITE_PLUGIN_DOCKER_IMAGE\"\n");
        File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101);
        foreach (var args in new[] { "init -q -b main", "add -A", "-c user.name=t -c user.email=t@example.invalid commit -q -m release", "tag v5.12.0" })
        {
            using var git = Process.Start(new ProcessStartInfo("git", args) { WorkingDirectory = work })!;
            await git.WaitForExitAsync();
            Assert.Equal(0, git.ExitCode);
        }
    }
}
