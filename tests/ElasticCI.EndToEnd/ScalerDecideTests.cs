using System.Text.Json;

namespace ElasticCI.EndToEnd;

/// <summary>`elastic-ci scaler decide` through the real CLI: one decision per policy, and bad input refused with exit 2.</summary>
public sealed class ScalerDecideTests : IDisposable
{
    private const string ValidInput = """
        {"params": {"MinSize": 0, "MaxSize": 10, "AgentsPerInstance": 2, "ScaleOutCooldownPeriod": 300},
         "metrics": {"scheduled": 7, "running": 2, "waiting": 0, "agents": 6},
         "group": {"desired": 3, "inService": 3},
         "lastScaleOut": "2026-01-01T11:00:00Z", "lastScaleIn": null, "now": "2026-01-01T12:00:00Z"}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-scaler-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("buildkite")]
    [InlineData("elastic")]
    public async Task Decide_ValidInput_PrintsOneLineDecision(string policy)
    {
        var (exitCode, output, error) = await Cli.RunAsync(_directory, null, "scaler", "decide", "--policy", policy, "--input", Write(ValidInput));

        Assert.True(exitCode == 0, error);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var decision = JsonDocument.Parse(line);
        Assert.Equal(5, decision.RootElement.GetProperty("desired").GetInt32());
        Assert.Equal("out", decision.RootElement.GetProperty("action").GetString());
        Assert.Contains("scheduled=7 running=2", decision.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, decision.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task Decide_BuildkiteCooldown_ReportsCooldown()
    {
        var input = ValidInput.Replace("2026-01-01T11:00:00Z", "2026-01-01T11:58:00Z", StringComparison.Ordinal);

        var (exitCode, output, _) = await Cli.RunAsync(_directory, null, "scaler", "decide", "--policy", "buildkite", "--input", Write(input));

        Assert.Equal(0, exitCode);
        Assert.StartsWith("""{"desired":3,"action":"cooldown","reason":""", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_UnknownField_Exit2NamingIt()
    {
        var input = ValidInput.Replace("\"waiting\": 0", "\"waiting\": 0, \"idle\": 1", StringComparison.Ordinal);

        var (exitCode, output, error) = await Cli.RunAsync(_directory, null, "scaler", "decide", "--policy", "buildkite", "--input", Write(input));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains("metrics.idle: unknown field", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_UnknownParameter_Exit2NamingIt()
    {
        var input = ValidInput.Replace("\"MinSize\": 0", "\"MinSize\": 0, \"ScaleInIdlePeriod\": 600", StringComparison.Ordinal);

        var (exitCode, _, error) = await Cli.RunAsync(_directory, null, "scaler", "decide", "--input", Write(input));

        Assert.Equal(2, exitCode);
        Assert.Contains("params.ScaleInIdlePeriod: unknown parameter", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_WrongType_Exit2()
    {
        var input = ValidInput.Replace("\"MaxSize\": 10", "\"MaxSize\": \"10\"", StringComparison.Ordinal);

        var (exitCode, output, error) = await Cli.RunAsync(_directory, null, "scaler", "decide", "--policy", "elastic", "--input", Write(input));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains("params.MaxSize: expected an integer, got a string", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_MissingFile_Exit2()
    {
        var (exitCode, output, error) = await Cli.RunAsync(_directory, null, "scaler", "decide", "--policy", "buildkite", "--input", Path.Combine(_directory, "absent.json"));

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains("cannot read input", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_UnknownPolicy_Exit2()
    {
        var (exitCode, _, error) = await Cli.RunAsync(_directory, null, "scaler", "decide", "--policy", "fastest", "--input", Write(ValidInput));

        Assert.Equal(2, exitCode);
        Assert.Contains("fastest", error, StringComparison.Ordinal);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
