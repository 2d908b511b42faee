using ElasticCI.Builds;

namespace ElasticCI.Pipelines.Conditionals;

public sealed class IfExpressionTests
{
    private static readonly BuildContext Context = new()
    {
        Branch = "main",
        Commit = "abc123",
        Message = "Fix the build [skip tests]",
        Number = 42,
        Id = "b-1",
        Source = "webhook",
        PipelineSlug = "app",
        DefaultBranch = "main",
        Repository = "git@example.com:org/app.git",
        Creator = new BuildPerson("u1", "Ada", "ada@example.com", ["core", "release"]),
        PullRequest = new PullRequestInfo("7", "main", true, ["ci:full", "docs"], "git@example.com:fork/app.git", true),
        Env = new Dictionary<string, string> { ["DEPLOY"] = "1", ["EMPTY"] = "" },
    };

    [Theory]
    [InlineData("build.branch == 'main'", true)]
    [InlineData("build.branch == \"main\"", true)]
    [InlineData("build.branch != 'main'", false)]
    [InlineData("build.branch == pipeline.default_branch", true)]
    [InlineData("build.message =~ /skip tests/", true)]
    [InlineData("build.message !~ /skip tests/", false)]
    [InlineData("build.message =~ /FIX THE/i", true)]
    [InlineData("build.message =~ /FIX THE/", false)]
    [InlineData("build.message =~ /^Fix.*\\]$/", true)]
    [InlineData("build.commit =~ /^abc/ && build.number == 42", true)]
    [InlineData("build.number == '42'", true)]
    [InlineData("build.number != 41", true)]
    [InlineData("build.tag == null", true)]
    [InlineData("build.tag != null || build.source == 'webhook'", true)]
    [InlineData("!(build.branch == 'main')", false)]
    [InlineData("!build.pull_request.draft", false)]
    [InlineData("build.pull_request.draft == true", true)]
    [InlineData("build.pull_request.labels includes 'ci:full'", true)]
    [InlineData("build.pull_request.labels includes 'nope'", false)]
    [InlineData("build.pull_request.repository.fork", true)]
    [InlineData("build.pull_request.base_branch == 'main'", true)]
    [InlineData("build.creator.teams includes 'release' && build.creator.email =~ /@example\\.com$/", true)]
    [InlineData("build.env('DEPLOY') == '1'", true)]
    [InlineData("build.env(\"MISSING\") == null", true)]
    [InlineData("build.env('EMPTY')", false)]
    [InlineData("pipeline.slug == 'app' && pipeline.repository =~ /org\\/app/", true)]
    [InlineData("build.id == 'b-1' && organization.slug == ''", true)]
    [InlineData("false || (true && !false)", true)]
    [InlineData("true && false || true", true)]
    [InlineData("true && (false || false)", false)]
    [InlineData("['a', 'b'] includes 'b'", true)]
    [InlineData("build.branch == 'main' // deploy only from main", true)]
    public void Evaluate_Expression_ReturnsExpected(string text, bool expected)
    {
        var expression = IfExpression.TryParse(text, out var error);

        Assert.Null(error);
        Assert.Equal(expected, expression!.Evaluate(Context));
    }

    [Fact]
    public void Evaluate_EmptyContext_ComparesAgainstEmptyValues()
    {
        Assert.False(IfExpression.Parse("build.branch == 'main'").Evaluate(BuildContext.Empty));
        Assert.True(IfExpression.Parse("build.pull_request.id == null").Evaluate(BuildContext.Empty));
    }

    [Theory]
    [InlineData("", 1, "expression is empty")]
    [InlineData("build.branch ==", 16, "expected a value, got the end of the expression")]
    [InlineData("build.branch = 'main'", 14, "unexpected character '='")]
    [InlineData("build.brunch == 'main'", 1, "unknown variable 'build.brunch'")]
    [InlineData("build.branch == 'main", 17, "unterminated string")]
    [InlineData("build.message =~ 'x'", 18, "expected a regular expression /…/ after '=~', got string \"x\"")]
    [InlineData("build.message =~ /x", 18, "unterminated regular expression")]
    [InlineData("build.message =~ /x/g", 21, "unknown regular expression flag 'g' (only 'i' is supported)")]
    [InlineData("build.message =~ /(x/", 18, "invalid regular expression /(x/: Invalid pattern '(x' at offset 2. Not enough )'s.")]
    [InlineData("(build.branch == 'main'", 24, "expected ')' to match '(' at column 1, got the end of the expression")]
    [InlineData("build.branch == 'main' build.tag", 24, "unexpected 'build.tag'")]
    [InlineData("build.env(FOO)", 11, "build.env expects a quoted variable name, got 'FOO'")]
    [InlineData("build.branch == /main/", 17, "unexpected character '/'")]
    [InlineData("build.number == 99999999999999999999", 17, "number '99999999999999999999' is too large")]
    public void TryParse_Invalid_ReportsColumnAndMessage(string text, int column, string message)
    {
        Assert.Null(IfExpression.TryParse(text, out var error));
        Assert.Equal((column, message), (error!.Column, error.Message));
    }

    [Fact]
    public void TryParse_DeeplyNested_ReportsInsteadOfOverflowing()
    {
        Assert.Null(IfExpression.TryParse(new string('(', 10_000) + "true" + new string(')', 10_000), out var error));
        Assert.Equal("expression is nested more than 64 levels deep", error!.Message);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionNamingColumn()
        => Assert.Equal("invalid if expression at column 1: unknown variable 'nope'", Assert.Throws<FormatException>(() => IfExpression.Parse("nope")).Message);
}
