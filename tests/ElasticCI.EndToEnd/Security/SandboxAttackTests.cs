using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace ElasticCI.EndToEnd.Security;

/// <summary>
/// The attacks of issue 12 run as jobs on a real `up` whose stack is sandboxed (the default): each must fail.
/// Every test also checks that its attack really ran (files exist, the scan saw the job's own environment, a real
/// token registers), so a broken attack cannot pass as a refused one.
/// </summary>
public sealed class SandboxAttackTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly string[] ControlPlaneFiles = ["api-token", "agent-token", "secrets.master.key", "elastic-ci.db", "elastic-ci.db-wal"];

    [Fact]
    public async Task Job_ReadsControlPlaneFilesAndOtherInstanceByAbsolutePath_EveryReadRefused()
    {
        var stack = (await sandbox.Api.StackAsync("jail"))!;
        var instanceFiles = stack.Instances.Select(i => Path.Combine(sandbox.DataDirectory, "instances", i.Id, "agent.log")).ToList();
        var targets = ControlPlaneFiles.Select(f => Path.Combine(sandbox.DataDirectory, f)).Concat(instanceFiles).ToList();
        Assert.All(targets, path => Assert.True(File.Exists(path), $"{path} must exist for the attack to mean anything"));

        var output = await sandbox.RunJobAsync(AttackScript.Command("files", [.. targets]));

        var ranOn = Assert.Single(stack.Instances, i => output.Contains("on " + i.Id, StringComparison.Ordinal)).Id;
        var read = AttackScript.Findings(output, "READ");
        var denied = AttackScript.Findings(output, "DENIED").Select(d => d.Split(' ')[0]).ToList();
        // The job may read its own instance's log (its own directory); nothing else.
        Assert.All(read, path => Assert.Contains(ranOn, path, StringComparison.Ordinal));
        Assert.All(targets.Where(t => !t.Contains(ranOn, StringComparison.Ordinal)), t => Assert.Contains(t, denied));
    }

    [Fact]
    public async Task Job_ScansProcEnvironAndCmdline_FindsNoRegistrationToken()
    {
        var token = (await File.ReadAllTextAsync(Path.Combine(sandbox.DataDirectory, "agent-token"))).Trim();

        var output = await sandbox.RunJobAsync(AttackScript.Command("proc"));

        var seen = Encoding.UTF8.GetString(Convert.FromBase64String(Assert.Single(AttackScript.Findings(output, "PROC"))));
        Assert.Contains("BUILDKITE_JOB_ID=", seen, StringComparison.Ordinal);
        Assert.DoesNotContain(token, seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_RegistersRogueAgentWithEverythingItFinds_Refused()
    {
        var server = sandbox.Coordinator.Environment["ELASTIC_CI_SERVER"];
        // The control: the real registration token does register with this very request, so a refusal below is a refusal.
        using (var http = new HttpClient())
        using (var request = new HttpRequestMessage(HttpMethod.Post, server + "/api/agent/v1/register"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", (await File.ReadAllTextAsync(Path.Combine(sandbox.DataDirectory, "agent-token"))).Trim());
            request.Content = new StringContent("""{"name":"control","tags":{"queue":"control"},"instanceId":null,"hostname":"control","pid":1}""", Encoding.UTF8, "application/json");
            using var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"the control registration failed: {(int)response.StatusCode}");
        }

        var output = await sandbox.RunJobAsync(AttackScript.Command("rogue", server));

        var result = Assert.Single(AttackScript.Findings(output, "TRIED")).Split(' ');
        Assert.True(int.Parse(result[0], System.Globalization.CultureInfo.InvariantCulture) > 10, $"the job found too few candidates to be a real attempt: {result[0]}");
        Assert.Equal("0", result[2]);
    }

    [Fact]
    public async Task StackStatus_SandboxedStack_ShowsIsolationInTextAndJson()
    {
        var (exit, output, error) = await Cli.RunAsync(sandbox.Directory, sandbox.Coordinator.Environment, "stack", "status");
        var (jsonExit, json, jsonError) = await Cli.RunAsync(sandbox.Directory, sandbox.Coordinator.Environment, "stack", "status", "--output", "json");

        Assert.True(exit == 0 && jsonExit == 0, $"{error}\n{jsonError}");
        Assert.Contains("isolation sandbox", output, StringComparison.Ordinal);
        Assert.Contains("\"isolation\":\"sandbox\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataDirectory_ReadAsNobodyAndModesUnderUmask000_RefusedAndPrivate()
    {
        await sandbox.RunJobAsync("echo artifact > a.txt && buildkite-agent artifact upload a.txt");

        foreach (var file in new[] { "elastic-ci.db", "elastic-ci.db-wal", "api-token" })
        {
            using var process = Process.Start(new ProcessStartInfo("runuser", ["-u", "nobody", "--", "cat", Path.Combine(sandbox.DataDirectory, file)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var read = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode != 0 && read.Length == 0, $"nobody read {file}");
        }
        var groupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var entries = new DirectoryInfo(sandbox.DataDirectory).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(e => e.LinkTarget is null)
            // The in-job buildkite-agent executable is 0755 on purpose (a container's own user may exec it) and holds no
            // secret; the directories above it are private, so no other user reaches it anyway.
            .Where(e => !(e.Name == "buildkite-agent" && e.FullName.Contains($"{Path.DirectorySeparatorChar}.bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            .Append(new DirectoryInfo(sandbox.DataDirectory))
            .ToList();
        Assert.Contains(entries, e => e.FullName.Contains($"{Path.DirectorySeparatorChar}artifacts{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Name == "agent.log");
        Assert.All(entries, e => Assert.True((e.UnixFileMode & groupOrOthers) == 0, $"{e.FullName} is {e.UnixFileMode}"));
    }
}
