using ElasticCI.Cli;

namespace ElasticCI.Coordinator.Tests.Settings;

/// <summary>`server --config` with a bad <c>agentTokens:</c> list: exit 2, a line naming the entry and what is wrong, nothing written.</summary>
public sealed class AgentTokenSettingsCliTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("elastic-ci-agent-tokens-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("agentTokens:\n  - name: deploy\n    queues: []\n", "elastic-ci.yml:3: agentTokens[0]: queues must list at least one queue")]
    [InlineData("agentTokens:\n  - name: deploy\n    queues: [deploy]\n    queue: deploy\n", "agentTokens[0]: unknown key 'queue' (known: name, queues)")]
    [InlineData("agentTokens:\n  - name: deploy\n", "agentTokens[0]: queues is required")]
    [InlineData("agentTokens:\n  - queues: [deploy]\n", "agentTokens[0]: name is required")]
    [InlineData("agentTokens:\n  - name: ../etc\n    queues: [deploy]\n", "agentTokens[0]: name must be 1-64 characters of a-z, 0-9, '-' and '_'")]
    [InlineData("agentTokens:\n  - name: a\n    queues: [x]\n  - name: a\n    queues: [y]\n", "agentTokens[1]: the name 'a' is given twice")]
    [InlineData("agentTokens:\n  - name: a\n    queues: deploy\n", "agentTokens[0]: queues must be a list of queue names")]
    [InlineData("agentTokens:\n  - name: a\n    queues: ['']\n", "agentTokens[0]: queue '' must be a non-empty name")]
    [InlineData("agentTokens: deploy\n", "agentTokens must be a list of {name, queues} entries")]
    public async Task Server_BadAgentTokens_ExitsTwoNamingTheEntryNothingWritten(string yaml, string expected)
    {
        var dataDirectory = Path.Combine(_directory.FullName, "data");
        var file = Path.Combine(_directory.FullName, "elastic-ci.yml");
        await File.WriteAllTextAsync(file, "stacks: []\n" + yaml);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CliApp.RunAsync(["server", "--data-dir", dataDirectory, "--listen", "127.0.0.1:0", "--config", file], output, error);

        Assert.Equal(CliApp.ExitUsage, exit);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDirectory));
    }

    [Theory]
    [InlineData("../x", new[] { "deploy" }, "AgentTokens: name must be 1-64 characters")]
    [InlineData("deploy", new string[0], "AgentTokens: 'deploy' must list at least one non-empty queue.")]
    [InlineData("deploy", new[] { " " }, "AgentTokens: 'deploy' must list at least one non-empty queue.")]
    public void Options_BadTokenGivenInCode_RefusedAtStartUp(string name, string[] queues, string expected)
    {
        var options = new CoordinatorOptions { DataDirectory = _directory.FullName, AgentTokens = [new Security.AgentTokenScope(name, queues)] };

        var result = new CoordinatorOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Options_SameTokenNameTwiceInCode_RefusedAtStartUp()
    {
        var options = new CoordinatorOptions
        {
            DataDirectory = _directory.FullName,
            AgentTokens = [new Security.AgentTokenScope("a", ["x"]), new Security.AgentTokenScope("a", ["y"])],
        };

        var result = new CoordinatorOptionsValidator().Validate(null, options);

        Assert.Contains("AgentTokens: the name 'a' is given twice.", result.Failures ?? []);
    }
}
