using System.Text.Json;

namespace ElasticCI.Scaling;

public sealed class ScalingParametersParserTests
{
    [Fact]
    public void Parse_EmptyObject_TemplateDefaults()
    {
        var p = Parse("{}");

        Assert.Equal((0, 10, 1), (p.MinSize, p.MaxSize, p.AgentsPerInstance));
        Assert.Equal((1.0, 0.0), (p.ScaleOutFactor, p.ScaleInFactor));
        Assert.Equal((TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(3600)), (p.ScaleOutCooldownPeriod, p.ScaleInCooldownPeriod));
        Assert.Equal((false, true, false, false), (p.ScaleOnlyAfterAllEvent, p.DisableScaleIn, p.DisableScaleOut, p.ScaleOutForWaitingJobs));
        Assert.Equal((0, 0.5, 0), (p.InstanceBuffer, p.AvailabilityThreshold, p.MaxInstanceCap));
        Assert.Equal(new ScalingParameters(), p);
    }

    [Fact]
    public void Parse_EveryParameter_NamesCaseInsensitiveDurationsInSeconds()
    {
        var p = Parse("""
            {"minsize": 1, "MAXSIZE": 20, "AgentsPerInstance": 3, "ScaleOutFactor": 0.5, "scaleInFactor": -2,
             "ScaleOutCooldownPeriod": 1.5, "ScaleInCooldownPeriod": 0, "ScaleOnlyAfterAllEvent": true, "DisableScaleIn": false,
             "DisableScaleOut": true, "ScaleOutForWaitingJobs": true, "InstanceBuffer": 2, "AvailabilityThreshold": 0, "MaxInstanceCap": 7}
            """);

        Assert.Equal(new ScalingParameters
        {
            MinSize = 1,
            MaxSize = 20,
            AgentsPerInstance = 3,
            ScaleOutFactor = 0.5,
            ScaleInFactor = -2,
            ScaleOutCooldownPeriod = TimeSpan.FromMilliseconds(1500),
            ScaleInCooldownPeriod = TimeSpan.Zero,
            ScaleOnlyAfterAllEvent = true,
            DisableScaleIn = false,
            DisableScaleOut = true,
            ScaleOutForWaitingJobs = true,
            InstanceBuffer = 2,
            AvailabilityThreshold = 0,
            MaxInstanceCap = 7,
        }, p);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsAll()
    {
        var (parameters, errors) = ParseRaw("""
            {"Foo": 1, "MinSize": "3", "MaxSize": 1.5, "DisableScaleIn": "true", "ScaleOutFactor": true,
             "ScaleInCooldownPeriod": -1, "ScaleOutCooldownPeriod": "300s", "InstanceBuffer": null}
            """);

        Assert.Null(parameters);
        Assert.Equal(8, errors.Count);
        Assert.StartsWith("params.Foo: unknown parameter (known: MinSize, MaxSize,", errors[0], StringComparison.Ordinal);
        Assert.Equal("params.MinSize: expected an integer, got a string (\"3\")", errors[1]);
        Assert.Equal("params.MaxSize: expected an integer, got a number (1.5)", errors[2]);
        Assert.Equal("params.DisableScaleIn: expected true or false, got a string (\"true\")", errors[3]);
        Assert.Equal("params.ScaleOutFactor: expected a number, got a boolean (true)", errors[4]);
        Assert.StartsWith("params.ScaleInCooldownPeriod: expected a number of seconds from 0", errors[5], StringComparison.Ordinal);
        Assert.StartsWith("params.ScaleOutCooldownPeriod: expected a number of seconds", errors[6], StringComparison.Ordinal);
        Assert.Equal("params.InstanceBuffer: expected an integer, got null", errors[7]);
    }

    [Fact]
    public void Parse_SameNameTwiceInDifferentCase_Error()
    {
        var (_, errors) = ParseRaw("""{"MinSize": 1, "minsize": 2}""");

        Assert.Equal(["params.minsize: MinSize is given more than once"], errors);
    }

    [Theory]
    [InlineData("""{"MinSize": -1}""", "params.MinSize: must be 0 or more, was -1")]
    [InlineData("""{"MinSize": 5, "MaxSize": 4}""", "params.MaxSize: must be at least MinSize (5), was 4")]
    [InlineData("[]", "params: expected an object of stack parameters, got an array")]
    public void Parse_UnusableSizesOrShape_Error(string json, string expected)
    {
        var (parameters, errors) = ParseRaw(json);

        Assert.Null(parameters);
        Assert.Equal([expected], errors);
    }

    private static ScalingParameters Parse(string json)
    {
        var (parameters, errors) = ParseRaw(json);
        Assert.Empty(errors);
        return parameters!;
    }

    private static (ScalingParameters? Parameters, IReadOnlyList<string> Errors) ParseRaw(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ScalingParametersParser.Parse(document.RootElement, "params");
    }
}
