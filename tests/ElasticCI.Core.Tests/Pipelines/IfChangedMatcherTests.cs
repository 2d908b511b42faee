using System.Text.Json.Nodes;
using ElasticCI.Builds;
using ElasticCI.Pipelines;

namespace ElasticCI.Core.Tests.Pipelines;

public sealed class IfChangedMatcherTests
{
    [Theory]
    [InlineData("\"src/**\"", "src/a/b.cs", true)]
    [InlineData("\"src/**\"", "test/a.cs", false)]
    [InlineData("\"*.md\"", "README.md", true)]
    [InlineData("\"*.md\"", "docs/README.md", false)]
    [InlineData("\"**/*.md\"", "docs/README.md", true)]
    [InlineData("\"**/*.md\"", "README.md", true)]
    [InlineData("\"src/**/test_*.py\"", "src/test_a.py", true)]
    [InlineData("\"{app,lib}/*.go\"", "lib/x.go", true)]
    [InlineData("\"{app,lib}/*.go\"", "cmd/x.go", false)]
    [InlineData("\"file?.txt\"", "file1.txt", true)]
    [InlineData("\"[ab].txt\"", "b.txt", true)]
    [InlineData("\"[!ab].txt\"", "b.txt", false)]
    [InlineData("[\"docs/**\", \"*.md\"]", "CHANGES.md", true)]
    [InlineData("{\"include\": \"src/**\", \"exclude\": \"src/*.cs\"}", "src/a.cs", false)]
    [InlineData("{\"include\": \"src/**\", \"exclude\": [\"src/*.cs\"]}", "src/a.txt", true)]
    public void Matches_Glob_AgainstOneChangedFile(string ifChanged, string file, bool expected)
        => Assert.Equal(expected, IfChangedMatcher.Matches(JsonNode.Parse(ifChanged), [file]));

    [Fact]
    public void Matches_NoChangedFiles_False()
        => Assert.False(IfChangedMatcher.Matches(JsonNode.Parse("\"**\""), []));

    [Theory]
    [InlineData("5", "if_changed must be a glob")]
    [InlineData("[]", "if_changed must be a glob")]
    [InlineData("[1]", "if_changed must be a glob")]
    [InlineData("{\"exclude\": \"a\"}", "include must be a glob")]
    [InlineData("{\"include\": \"a\", \"other\": 1}", "unknown key 'other'")]
    [InlineData("\"src/{a,b\"", "malformed glob 'src/{a,b'")]
    [InlineData("\"src/[ab\"", "malformed glob")]
    [InlineData("\"[\"", "malformed glob")]
    public void Check_BadValue_NamesTheProblem(string ifChanged, string problem)
        => Assert.Contains(problem, IfChangedMatcher.Check(JsonNode.Parse(ifChanged)), StringComparison.Ordinal);

    [Fact]
    public void Parse_MalformedIfChanged_ReportsLineAndColumn()
    {
        var parsed = PipelineParser.Parse("steps:\n  - command: x\n    if_changed: {include: 'src/{a'}\n", "pipeline.yml");

        var error = Assert.Single(parsed.Errors);
        Assert.Contains("pipeline.yml:3:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("malformed glob", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ChangedFilesKnown_SkipsStepsNoFileMatchesAndKeepsTheRest()
    {
        var parsed = PipelineParser.Parse("""
            steps:
              - {label: src, command: x, if_changed: "src/**"}
              - {label: docs, command: x, if_changed: "docs/**"}
              - group: g
                if_changed: "docs/**"
                steps: [{label: in-group, command: x}]
              - {label: plain, command: x}
            """, "pipeline.yml");

        var known = BuildPlanner.Plan(parsed.Pipeline!, "pipeline.yml", new BuildContext { ChangedFiles = ["src/a.cs"] });
        var unknown = BuildPlanner.Plan(parsed.Pipeline!, "pipeline.yml", new BuildContext());

        Assert.Equal(["src False", "docs True", "in-group True", "plain False"], known.Jobs.Select(j => $"{j.Label} {j.Spec.Skipped}"));
        Assert.Equal("if_changed: no changed file matches", known.Jobs[1].Spec.SkipReason);
        Assert.All(unknown.Jobs, j => Assert.False(j.Spec.Skipped));
    }
}
