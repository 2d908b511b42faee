using ElasticCI.Cli;
using ElasticCI.Compute.Local.Settings;
using static ElasticCI.Coordinator.Tests.Compute.Local.LocalStackParsing;

namespace ElasticCI.Coordinator.Tests.Compute.Local;

/// <summary>The local provider's settings in <c>ProviderSettings</c>, through the parser and through <c>elastic-ci server --config</c>.</summary>
public sealed class LocalProviderSettingsTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("elastic-ci-provider-settings-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Parse_Section_SameStackAsTheTopLevelKeys()
    {
        var section = ParseOne("stacks: [{Name: ci, ProviderSettings: {local: {Isolation: None, ExperimentalEnableResourceLimits: true, ResourceLimitsTasksMax: 512}}}]");
        var topLevel = ParseOne("stacks: [{Name: ci, Isolation: None, ExperimentalEnableResourceLimits: true, ResourceLimitsTasksMax: 512}]");

        Assert.Equal(topLevel, section);
        var settings = LocalStackSettings.Of(section);
        Assert.Equal(("none", true, "512"), (settings.Isolation, settings.ExperimentalEnableResourceLimits, settings.ResourceLimitsTasksMax));
    }

    [Fact]
    public void Parse_LocalSettingOnAnotherProvidersStack_RefusedNamingStackKeyAndProvider()
        => Assert.Equal(
            ["elastic-ci.yml:1: stack 'ci': Isolation is a setting of provider local, but the stack's Provider is 'fake'"],
            Parse("stacks: [{Name: ci, Provider: fake, Isolation: none}]").Errors);

    [Fact]
    public void Parse_UnknownLocalSetting_RefusedListingTheProvidersSettings()
        => Assert.Equal(
            ["elastic-ci.yml:1: stack 'ci': unknown setting 'Isolaton' in ProviderSettings.local (provider local has: " + string.Join(", ", LocalProviderSettings.All.Select(s => s.Name)) + ")"],
            Parse("stacks: [{Name: ci, ProviderSettings: {local: {Isolaton: none}}}]").Errors);

    [Theory]
    [InlineData("BootstrapScriptUrl", "s3://bucket/boot.sh")]
    [InlineData("AgentEnvFileUrl", "ssm:/buildkite/env")]
    [InlineData("AgentEnvFileUrl", "S3://bucket/env")]
    public void Parse_S3OrSsmOnLocalProvider_RefusedAtStartUp(string name, string url)
        => Assert.Equal(
            [$"elastic-ci.yml: stack 'ci': {name} '{url}' is not supported by provider local (use an absolute path, file://, http:// or https://)"],
            Parse($"stacks: [{{Name: ci, {name}: '{url}'}}]").Errors);

    [Theory]
    [InlineData("ProviderSettings: {local: {Isolaton: none}}", "elastic-ci.yml:3: stack 'ci': unknown setting 'Isolaton' in ProviderSettings.local (provider local has: Isolation,")]
    [InlineData("ProviderSettings: {local: {Isolation: chroot}}", "stack 'ci': Isolation 'chroot' is not known (known: sandbox, none)")]
    [InlineData("Isolation: chroot", "stack 'ci': Isolation 'chroot' is not known (known: sandbox, none)")]
    [InlineData("ProviderSettings: {local: {EnableDockerExperimental: maybe}}", "elastic-ci.yml:3: stack 'ci': ProviderSettings.local.EnableDockerExperimental must be true or false, got 'maybe'")]
    [InlineData("EnableDockerExperimental: maybe", "elastic-ci.yml:3: EnableDockerExperimental must be true or false, got 'maybe'")]
    [InlineData("ProviderSettings: {aws: {Isolation: none}}", "elastic-ci.yml:3: stack 'ci': ProviderSettings names provider 'aws', which is not known (known: local)")]
    public async Task Server_BadProviderSetting_ExitsTwoNamingStackKeyAndProvider(string setting, string expected)
    {
        var file = Path.Combine(_directory.FullName, "elastic-ci.yml");
        await System.IO.File.WriteAllTextAsync(file, $"stacks:\n  - Name: ci\n    {setting}\n");
        var dataDirectory = Path.Combine(_directory.FullName, "data");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CliApp.RunAsync(["server", "--data-dir", dataDirectory, "--listen", "127.0.0.1:0", "--config", file], output, error);

        Assert.Equal(CliApp.ExitUsage, exit);
        Assert.Contains(expected.Replace("elastic-ci.yml", file, StringComparison.Ordinal), error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDirectory));
    }
}
