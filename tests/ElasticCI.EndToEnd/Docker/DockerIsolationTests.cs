using System.Text.RegularExpressions;

namespace ElasticCI.EndToEnd.Docker;

/// <summary>
/// What the per-instance engine must not give a job (issue 14): the host's files as root, another instance's files,
/// anything left after the instance, a container that outlives its canceled job. Each attack also shows it really ran
/// (a file of the job's own is read through the same mount), so a broken attack cannot pass as a refused one.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed partial class DockerIsolationTests(DockerEngineFixture docker)
{
    private static readonly string[] ControlPlaneFiles = ["api-token", "agent-token", "secrets.master.key", "elastic-ci.db"];

    [Theory]
    [InlineData("")]
    [InlineData("--privileged")]
    public async Task DockerRun_HostRootMounted_ControlPlaneAndOtherInstanceFilesRefused(string flags)
    {
        var stack = (await docker.Up.Api.StackAsync("dock"))!;
        var instanceLogs = stack.Instances.Select(i => Path.Combine(docker.DataDirectory, "instances", i.Id, "agent.log")).ToList();
        var targets = ControlPlaneFiles.Select(f => Path.Combine(docker.DataDirectory, f)).Concat(instanceLogs).ToList();
        Assert.All(targets, path => Assert.True(File.Exists(path), $"{path} must exist for the attack to mean anything"));

        var (exit, output) = await docker.RunAsync("dock", $"""
            {DockerEngineFixture.Image}
            echo mine > mine.txt
            docker run --rm {flags} -v /:/host -e MINE="$$PWD/mine.txt" -e TARGETS="{string.Join(' ', targets)}" {DockerEngineFixture.ImageName} sh -c 'for f in "$$MINE" $$TARGETS; do if cat "/host$$f" >/dev/null 2>&1; then echo "READ $$f"; else echo "DENIED $$f"; fi; done'
            """);

        Assert.True(exit == 0, output);
        var ranOn = Assert.Single(stack.Instances, i => output.Contains("running on " + i.Id, StringComparison.Ordinal)).Id;
        Assert.Matches(@"READ \S+/mine\.txt", output);
        foreach (var target in targets.Where(t => !t.Contains(ranOn, StringComparison.Ordinal)))
        {
            Assert.Contains("DENIED " + target, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TerminateAfterJob_EngineWithContainerVolumeAndImage_NothingOfTheInstanceRemains()
    {
        var (exit, output) = await docker.RunAsync("once", $"""
            docker info 2>/dev/null | grep 'Docker Root Dir'
            echo "instance user $$(id -un) uid $$(id -u)"
            {DockerEngineFixture.Image}
            docker volume create ecivolume >/dev/null
            docker run -d --name keeper -v ecivolume:/data {DockerEngineFixture.ImageName} sleep 6002
            echo started the keeper
            """);

        Assert.True(exit == 0, output);
        var instance = RanOnPattern().Match(output).Groups[1].Value;
        var user = UserPattern().Match(output);
        Assert.True(user.Success, output);
        var (name, uid) = (user.Groups[1].Value, user.Groups[2].Value);
        var storage = Path.Combine(docker.DataDirectory, "instances", instance, "engine");
        Assert.True(output.Contains($"Docker Root Dir: {storage}/data", StringComparison.Ordinal), $"the engine's storage is not {storage}/data: {output}");

        // userdel writes /etc/passwd before /etc/subuid and /etc/subgid: the user is gone once all three say so.
        await DockerEngineFixture.WaitUntilAsync(() => new[] { "/etc/passwd", "/etc/subuid", "/etc/subgid" }.All(f => !File.ReadAllText(f).Contains(name + ":", StringComparison.Ordinal)),
            $"instance user {name} and its subordinate ids to be removed after its one job", 120);
        await DockerEngineFixture.WaitUntilAsync(() => DockerEngineFixture.Processes("sleep 6002").Count == 0, "the detached container to be gone", 30);
        Assert.False(Directory.Exists(storage), $"the engine's storage {storage} (containers, images, volumes) remains");
        Assert.False(Directory.Exists("/run/user/" + uid), $"the engine's runtime directory /run/user/{uid} remains");
        Assert.DoesNotContain(File.ReadLines("/etc/passwd"), l => l.Split(':') is [_, _, var id, ..] && id == uid);
    }

    [Fact]
    public async Task Cancel_JobRunningContainer_ContainerIsGone()
    {
        var build = await docker.StartAsync("dock", $"""
            {DockerEngineFixture.Image}
            docker run --rm {DockerEngineFixture.ImageName} sleep 6003
            """);
        await DockerEngineFixture.WaitUntilAsync(() => DockerEngineFixture.Processes("sleep 6003").Count > 0, "the container's sleep to run", 180);

        var (exit, output, error) = await Cli.RunAsync(docker.Up.Directory, docker.Up.Coordinator.Environment, "build", "cancel", build);

        Assert.True(exit == 0, output + error);
        // Well inside the agent's grace period plus a margin: the container is removed, not merely orphaned by a killed CLI.
        await DockerEngineFixture.WaitUntilAsync(() => DockerEngineFixture.Processes("sleep 6003").Count == 0, "the canceled job's container to be gone", 60);
    }

    [Fact]
    public async Task Cancel_JobWithDetachedContainersAndComposeService_AllRemovedBeforeTheJobEnds_MarkersStopGrowing()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        // Each writes a line every 100 ms into the checkout; their command lines are unique, so their processes can be found.
        var loop = $"while :; do echo x >> /w/marker-{id}-LABEL; sleep 0.1; done";
        var build = await docker.StartAsync("dock", $"""
            {DockerEngineFixture.Image}
            docker run -d -v "$$PWD:/w" {DockerEngineFixture.ImageName} sh -c '{loop.Replace("LABEL", "run", StringComparison.Ordinal)}'
            docker container start "$$(docker container create -v "$$PWD:/w" {DockerEngineFixture.ImageName} sh -c '{loop.Replace("LABEL", "create", StringComparison.Ordinal)}')"
            printf 'services:\n  writer:\n    image: {DockerEngineFixture.ImageName}\n    volumes: ["./:/w"]\n    command: ["sh", "-c", "{loop.Replace("LABEL", "compose", StringComparison.Ordinal)}"]\n' > compose.yml
            docker compose -f compose.yml -p eci{id} up -d
            sleep 6005
            """);
        string[] labels = ["run", "create", "compose"];
        var markers = new Dictionary<string, string>();
        await DockerEngineFixture.WaitUntilAsync(() =>
        {
            foreach (var label in labels.Where(l => !markers.ContainsKey(l)))
            {
                var builds = Directory.EnumerateDirectories(Path.Combine(docker.DataDirectory, "instances")).Select(i => Path.Combine(i, "builds")).Where(Directory.Exists);
                var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
                if (builds.SelectMany(b => Directory.EnumerateFiles(b, $"marker-{id}-{label}", options)).FirstOrDefault() is { } found)
                {
                    markers[label] = found;
                }
            }
            return markers.Count == labels.Length && markers.Values.All(m => new FileInfo(m).Length > 0);
        }, "the detached containers and the compose service to write their markers", 180);

        var canceled = await docker.Up.Api.Client.CancelBuildAsync(build, CancellationToken.None);
        var done = await Testing.BuildRuns.WaitForAsync(docker.Up.Api.Client, canceled.Id, b => b.State == "canceled", TimeSpan.FromMinutes(2));

        // The job has ended: by then its containers are gone (not left for the instance's end: dock's instances stay up).
        Assert.Equal("canceled", done.Jobs[0].State);
        foreach (var label in labels)
        {
            Assert.Empty(DockerEngineFixture.Processes("sh -c " + loop.Replace("LABEL", label, StringComparison.Ordinal)));
        }
        var sizes = markers.Values.Select(m => new FileInfo(m).Length).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1)); // ten of the writers' periods: a writer still alive would have grown its marker
        Assert.Equal(sizes, markers.Values.Select(m => new FileInfo(m).Length).ToList());
        var log = await Testing.BuildRuns.LogAsync(docker.Up.Api.Client, done.Jobs[0].Id);
        Assert.Contains("Removing the containers this job started", log, StringComparison.Ordinal);
    }

    // `--watch` prints "running on X" when it sees the job start, and the summary "exit 0 on X" in any case.
    [GeneratedRegex(@"\bon (once-[0-9a-f]+)")]
    private static partial Regex RanOnPattern();

    [GeneratedRegex(@"instance user (\S+) uid (\d+)")]
    private static partial Regex UserPattern();
}
