namespace ElasticCI.Scaling;

public sealed class ScalerDryRunInputParserTests
{
    [Fact]
    public void Parse_FullInput_TickAndParameters()
    {
        var (input, errors) = ScalerDryRunInputParser.Parse("""
            {"params": {"MaxSize": 4, "AgentsPerInstance": 2},
             "metrics": {"scheduled": 7, "running": 2, "waiting": 1, "agents": 6},
             "group": {"desired": 3, "inService": 2},
             "lastScaleOut": "2026-01-01T11:55:00Z", "lastScaleIn": null, "now": "2026-01-01T13:00:00+01:00"}
            """);

        Assert.Empty(errors);
        Assert.Equal(new ScalingParameters { MaxSize = 4, AgentsPerInstance = 2 }, input!.Parameters);
        var at = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new BuildkiteTickInput(7, 2, 1, 6, 3, 2, at.AddMinutes(-5), null, at), input.Tick);
    }

    [Fact]
    public void Parse_OnlyNow_CountsZeroNeverScaledDefaults()
    {
        var (input, errors) = ScalerDryRunInputParser.Parse("""{"now": "2026-01-01T12:00:00Z"}""");

        Assert.Empty(errors);
        Assert.Equal(new ScalingParameters(), input!.Parameters);
        Assert.Equal(new BuildkiteTickInput(0, 0, 0, 0, 0, 0, null, null, new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)), input.Tick);
    }

    [Fact]
    public void Parse_ProblemsEverywhere_ReportsAllNamingEachField()
    {
        var (input, errors) = ScalerDryRunInputParser.Parse("""
            {"extra": 1, "params": {"Bogus": true}, "metrics": {"scheduled": "1", "idle": 2, "running": -1},
             "group": [], "lastScaleOut": "yesterday", "lastScaleIn": "2026-01-01T12:00:00"}
            """);

        Assert.Null(input);
        Assert.Equal(9, errors.Count);
        Assert.StartsWith("extra: unknown top-level field", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("params.Bogus: unknown parameter", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("metrics.idle: unknown field of metrics", errors[2], StringComparison.Ordinal);
        Assert.StartsWith("metrics.scheduled: expected an integer", errors[3], StringComparison.Ordinal);
        Assert.StartsWith("metrics.running: expected an integer, 0 or more, got a number (-1)", errors[4], StringComparison.Ordinal);
        Assert.StartsWith("group: expected an object", errors[5], StringComparison.Ordinal);
        Assert.StartsWith("lastScaleOut: expected an ISO-8601 time", errors[6], StringComparison.Ordinal);
        Assert.StartsWith("lastScaleIn: expected an ISO-8601 time with an offset", errors[7], StringComparison.Ordinal);
        Assert.StartsWith("now: required", errors[8], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "now: required")]
    [InlineData("""{"now": null}""", "now: expected an ISO-8601 time")]
    [InlineData("""{"now": "2026-01-01T12:00:00Z", "now": "2026-01-01T12:00:00Z"}""", "now: given more than once")]
    [InlineData("""{"now": "2026-01-01T12:00:00Z", "group": {"InService": 1}}""", "group.InService: unknown field of group")]
    [InlineData("{", "invalid JSON")]
    [InlineData("[1]", "expected a JSON object, got an array")]
    public void Parse_BadInput_Error(string json, string expectedStart)
    {
        var (input, errors) = ScalerDryRunInputParser.Parse(json);

        Assert.Null(input);
        Assert.StartsWith(expectedStart, Assert.Single(errors), StringComparison.Ordinal);
    }
}
