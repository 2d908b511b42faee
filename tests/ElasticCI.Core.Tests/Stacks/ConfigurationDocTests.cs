using ElasticCI.Testing;

namespace ElasticCI.Stacks;

/// <summary>docs/configuration.md against <see cref="StackParameters.All"/>: every parameter documented with its default, nothing else.</summary>
public sealed class ConfigurationDocTests
{
    [Fact]
    public void ConfigurationDoc_EveryParameter_ListedWithItsDefault()
    {
        var rows = DocumentedParameters();

        foreach (var parameter in StackParameters.All)
        {
            Assert.True(rows.TryGetValue(parameter.Name, out var documented), $"docs/configuration.md has no row for {parameter.Name}");
            Assert.Equal(parameter.DefaultText, documented);
        }
    }

    [Fact]
    public void ConfigurationDoc_EveryRow_NamesAKnownParameter()
    {
        var unknown = DocumentedParameters().Keys.Where(name => StackParameters.Find(name) is null).ToList();

        Assert.Empty(unknown);
    }

    [Fact]
    public void StackParameters_Names_UniqueIgnoringCase()
        => Assert.Equal(StackParameters.All.Count, StackParameters.All.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());

    [Fact]
    public void StackParameters_DefaultWrittenBack_ReadsAsTheDefault()
    {
        foreach (var parameter in StackParameters.All.Where(p => p.Name != "Name" && p.DefaultText != "none"))
        {
            var (stacks, errors) = StackParsing.Parse($"stacks: [{{Name: ci, {parameter.Name}: '{parameter.DefaultText}'}}]", "elastic-ci.yml");

            Assert.Empty(errors);
            Assert.Equal(parameter.DefaultText, parameter.Show(Assert.Single(stacks)));
        }
    }

    [Fact]
    public void StackParameters_ValueSet_ReadBackByShow()
    {
        var stack = Assert.Single(StackParsing.Parse("stacks: [{Name: ci, MaxSize: 7, ScaleOutFactor: 2.5, DisableScaleOut: true, DanglingInstanceGracePeriod: 42}]", "f").Stacks);

        Assert.Equal(
            ["7", "2.5", "true", "42"],
            new[] { "MaxSize", "ScaleOutFactor", "DisableScaleOut", "DanglingInstanceGracePeriod" }.Select(n => StackParameters.Find(n)!.Show(stack)));
    }

    [Fact]
    public void ScalingParametersParser_Names_AreStackParameters()
        => Assert.All(Scaling.ScalingParametersParser.Names, name => Assert.Equal(name, StackParameters.Find(name)?.Name));

    /// <summary>Rows of the "Stack parameters" table: name → default cell, backticks removed.</summary>
    private static Dictionary<string, string> DocumentedParameters()
    {
        var lines = RepositoryFiles.Lines("docs", "configuration.md");
        var start = Array.FindIndex(lines, l => l.StartsWith("## Stack parameters", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/configuration.md has no '## Stack parameters' section");
        return RepositoryFiles.TableRows(lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)));
    }
}
