using System.Collections;
using ElasticCI.Coordinator.Settings;

namespace ElasticCI.Coordinator.Tests.Settings;

/// <summary>Each source of the coordinator's settings, their precedence (flag > ELASTIC_CI_* > file > default) and refused values.</summary>
public sealed class CoordinatorConfigurationTests
{
    private static readonly Dictionary<string, string> None = [];

    private static (CoordinatorOptions Options, IReadOnlyList<string> Problems) Bind(
        IReadOnlyDictionary<string, string>? file = null, Dictionary<string, string>? environment = null, IReadOnlyDictionary<string, string>? flags = null)
    {
        var options = new CoordinatorOptions { DataDirectory = ".elastic-ci" };
        var configuration = CoordinatorConfiguration.Build(file ?? None, new Hashtable(environment ?? None), flags ?? None);
        return (options, CoordinatorConfiguration.Bind(configuration, "elastic-ci.yml", options));
    }

    [Fact]
    public void Bind_NothingGiven_KeepsTheDefaults()
    {
        var (options, problems) = Bind();

        Assert.Empty(problems);
        Assert.Equal(CoordinatorOptions.DefaultListen, options.Listen);
        Assert.Equal(".elastic-ci", options.DataDirectory);
        Assert.Equal("sqlite", options.Store);
        Assert.Equal(TimeSpan.FromSeconds(5), options.HeartbeatInterval);
    }

    [Fact]
    public void Bind_FileSection_SetsEverySettingItNames()
    {
        var (options, problems) = Bind(file: new Dictionary<string, string>
        {
            ["DataDir"] = "/srv/ci", ["Listen"] = "0.0.0.0:9000", ["Store"] = "sqlite", ["HeartbeatInterval"] = "2.5", ["AgentLostAfter"] = "30",
            ["MetricsPollDuration"] = "20", ["MetricsUnauthenticated"] = "true", ["OtlpEndpoint"] = "http://127.0.0.1:4317",
            ["MaxJobLogBytes"] = "1000", ["MaxJobsPerBuild"] = "50", ["Dashboard"] = "false",
        });

        Assert.Empty(problems);
        Assert.Equal(("/srv/ci", "0.0.0.0:9000", TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(30)),
            (options.DataDirectory, options.Listen, options.HeartbeatInterval, options.AgentLostAfter));
        Assert.Equal((TimeSpan.FromSeconds(20), true, "http://127.0.0.1:4317", 1000L, 50, false),
            (options.MetricsPollDuration, options.MetricsUnauthenticated, options.OtlpEndpoint, options.MaxJobLogBytes, options.MaxJobsPerBuild, options.Dashboard));
    }

    [Fact]
    public void Bind_EnvironmentVariable_WinsOverTheFile()
    {
        var (options, problems) = Bind(
            file: new Dictionary<string, string> { ["DataDir"] = "/from-file", ["MaxJobsPerBuild"] = "10" },
            environment: new Dictionary<string, string> { ["ELASTIC_CI_DATA_DIR"] = "/from-env", ["ELASTIC_CI_STORE"] = "SQLite" });

        Assert.Empty(problems);
        Assert.Equal(("/from-env", 10, "SQLite"), (options.DataDirectory, options.MaxJobsPerBuild, options.Store));
    }

    [Fact]
    public void Bind_Flag_WinsOverEnvironmentAndFile()
    {
        var (options, problems) = Bind(
            file: new Dictionary<string, string> { ["MaxJobLogBytes"] = "1" },
            environment: new Dictionary<string, string> { ["ELASTIC_CI_MAX_JOB_LOG_BYTES"] = "2" },
            flags: new Dictionary<string, string> { ["MaxJobLogBytes"] = "3" });

        Assert.Empty(problems);
        Assert.Equal(3, options.MaxJobLogBytes);
    }

    [Fact]
    public void Bind_PortVariable_ReplacesThePortOfListen()
    {
        var (options, _) = Bind(file: new Dictionary<string, string> { ["Listen"] = "0.0.0.0:9000" },
            environment: new Dictionary<string, string> { ["ELASTIC_CI_PORT"] = "8080" });

        Assert.Equal("0.0.0.0:8080", options.Listen);
    }

    [Fact]
    public void Bind_ListenFlagAndPortVariable_TheFlagWinsWhole()
    {
        var (options, _) = Bind(environment: new Dictionary<string, string> { ["ELASTIC_CI_PORT"] = "8080" },
            flags: new Dictionary<string, string> { ["Listen"] = "127.0.0.1:0" });

        Assert.Equal("127.0.0.1:0", options.Listen);
    }

    [Fact]
    public void Bind_UnrelatedVariables_AreIgnored()
    {
        var (options, problems) = Bind(environment: new Dictionary<string, string> { ["ELASTIC_CI_TOKEN"] = "x", ["LISTEN"] = "bad", ["ELASTIC_CI_SERVER"] = "y" });

        Assert.Empty(problems);
        Assert.Equal(CoordinatorOptions.DefaultListen, options.Listen);
    }

    [Theory]
    [InlineData("ELASTIC_CI_HEARTBEAT_INTERVAL", "abc", "ELASTIC_CI_HEARTBEAT_INTERVAL: must be a number of seconds, was 'abc'")]
    [InlineData("ELASTIC_CI_PORT", "70000", "ELASTIC_CI_PORT: must be a port number from 0 to 65535, was '70000'")]
    [InlineData("ELASTIC_CI_PORT", "-1", "ELASTIC_CI_PORT: must be a port number from 0 to 65535, was '-1'")]
    [InlineData("ELASTIC_CI_MAX_JOBS_PER_BUILD", "lots", "ELASTIC_CI_MAX_JOBS_PER_BUILD: must be a whole number, was 'lots'")]
    [InlineData("ELASTIC_CI_METRICS_UNAUTHENTICATED", "yes", "ELASTIC_CI_METRICS_UNAUTHENTICATED: must be true or false, was 'yes'")]
    [InlineData("ELASTIC_CI_STORE", " ", "ELASTIC_CI_STORE: must not be empty, was ' '")]
    public void Bind_BadVariable_IsOneLineNamingTheVariable(string variable, string value, string expected)
    {
        var (_, problems) = Bind(environment: new Dictionary<string, string> { [variable] = value });

        Assert.Equal([expected], problems);
    }

    [Fact]
    public void Bind_BadFileValue_NamesTheFileAndKey()
    {
        var (_, problems) = Bind(file: new Dictionary<string, string> { ["MetricsPollDuration"] = "1.5" });

        Assert.Equal(["elastic-ci.yml: coordinator.MetricsPollDuration: must be a whole number of seconds, was '1.5'"], problems);
    }

    [Fact]
    public void Bind_BadValueOverriddenByAGoodOne_IsNoProblem()
    {
        var (options, problems) = Bind(file: new Dictionary<string, string> { ["HeartbeatInterval"] = "soon" },
            flags: new Dictionary<string, string> { ["HeartbeatInterval"] = "1" });

        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromSeconds(1), options.HeartbeatInterval);
    }

    [Theory]
    [InlineData("DataDir", "ELASTIC_CI_DATA_DIR")]
    [InlineData("Port", "ELASTIC_CI_PORT")]
    [InlineData("Store", "ELASTIC_CI_STORE")]
    [InlineData("MaxJobLogBytes", "ELASTIC_CI_MAX_JOB_LOG_BYTES")]
    public void EnvironmentVariable_IsTheKeyInUpperSnakeCase(string key, string variable)
        => Assert.Equal(variable, CoordinatorSettings.Find(key)!.EnvironmentVariable);

    [Fact]
    public void Settings_KeysAndFlags_AreUnique()
    {
        Assert.Equal(CoordinatorSettings.All.Count, CoordinatorSettings.All.Select(s => s.Key.ToUpperInvariant()).Distinct().Count());
        var flags = CoordinatorSettings.All.Where(s => s.Flag is not null).Select(s => s.Flag).ToList();
        Assert.Equal(flags.Count, flags.Distinct().Count());
    }

    [Fact]
    public void Settings_EachKeyVariableAndFlag_IsARowOfTheConfigurationDoc()
    {
        var rows = RepositoryFiles.Lines("docs", "configuration.md").Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();

        Assert.All(CoordinatorSettings.All, setting => Assert.Contains(rows, row =>
            row.StartsWith($"| `{setting.Key}` | `{setting.EnvironmentVariable}` | {(setting.Flag is null ? "none" : $"`{setting.Flag}`")} |", StringComparison.Ordinal)));
    }
}
