using ElasticCI.Coordinator.Composition;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Tests.Compute.Local;

/// <summary>docs/configuration.md's "Provider settings" tables against what each registered provider declares.</summary>
public sealed class ProviderSettingsDocTests
{
    [Fact]
    public void ConfigurationDoc_EveryProviderSetting_ListedWithItsDefault()
    {
        foreach (var provider in ComputeProviderCatalogs.BuiltIn.All.Where(p => p.Settings.Count > 0))
        {
            var rows = DocumentedSettings(provider.Name);
            foreach (var setting in provider.Settings)
            {
                Assert.True(rows.TryGetValue(setting.Name, out var documented), $"docs/configuration.md has no row for {provider.Name}'s {setting.Name}");
                Assert.Equal(setting.Default, documented);
            }
            Assert.All(rows.Keys, name => Assert.True(provider.FindSetting(name) is not null, $"docs/configuration.md documents {name}, which {provider.Name} does not declare"));
        }
    }

    [Fact]
    public void ProviderSettings_Names_UniqueAndNoStackParameter()
    {
        var names = ComputeProviderCatalogs.BuiltIn.All.SelectMany(p => p.Settings).Select(s => s.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, name => Assert.True(StackParameters.Find(name) is null && !name.Equals("ProviderSettings", StringComparison.OrdinalIgnoreCase), $"{name} is also a stack parameter"));
    }

    [Fact]
    public void ProviderSettings_DefaultWrittenBack_ReadsAsTheDefault()
    {
        foreach (var provider in ComputeProviderCatalogs.BuiltIn.All)
        {
            foreach (var setting in provider.Settings)
            {
                var (stacks, errors) = StackConfigParser.Parse(
                    $"stacks: [{{Name: ci, Provider: {provider.Name}, ProviderSettings: {{{provider.Name}: {{{setting.Name}: '{setting.Default}'}}}}}}]",
                    "elastic-ci.yml", ComputeProviderCatalogs.BuiltIn);

                Assert.Empty(errors);
                Assert.Equal(setting.Default, Assert.Single(stacks).ProviderSettings[setting.Name]);
            }
        }
    }

    /// <summary>Rows of the provider's table under "## Provider settings" / "### `name`": setting → default cell, backticks removed.</summary>
    private static Dictionary<string, string> DocumentedSettings(string provider)
    {
        var lines = RepositoryFiles.Lines("docs", "configuration.md");
        var section = Array.FindIndex(lines, l => l.StartsWith("## Provider settings", StringComparison.Ordinal));
        Assert.True(section >= 0, "docs/configuration.md has no '## Provider settings' section");
        var start = Array.FindIndex(lines, section, l => l == $"### `{provider}`");
        Assert.True(start >= 0, $"docs/configuration.md has no '### `{provider}`' table under Provider settings");
        return RepositoryFiles.TableRows(lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal) && !l.StartsWith("### ", StringComparison.Ordinal)));
    }
}
