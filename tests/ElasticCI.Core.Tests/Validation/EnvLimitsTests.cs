using ElasticCI.Pipelines;
using ElasticCI.Validation;

namespace ElasticCI.Core.Tests.Validation;

public sealed class EnvLimitsTests
{
    [Fact]
    public void Check_AtTheLimit_Accepted_OneByteOver_RefusedNamingTheLimit()
    {
        // "A=" + value + NUL: 131,072 bytes is the most the kernel takes.
        Assert.Null(EnvLimits.Check("env.A", "A", new string('x', EnvLimits.MaxArgStringBytes - 3)));

        var problem = EnvLimits.Check("env.A", "A", new string('x', EnvLimits.MaxArgStringBytes - 2));

        Assert.Equal("env.A is 131073 bytes as NAME=value; one environment variable may be at most 131072 bytes (the kernel's per-argument limit MAX_ARG_STRLEN); pass large data as a file or an artifact", problem);
    }

    [Fact]
    public void Check_MultiByteCharacters_CountedInUtf8Bytes()
        => Assert.NotNull(EnvLimits.Check("env.A", "A", new string('é', 70_000)));

    [Fact]
    public void PipelineParser_StepEnvValueOverTheLimit_RefusedWithItsPath()
    {
        var yaml = $"steps:\n  - command: true\n    env:\n      BIG: {new string('x', 200_000)}\n";

        var result = PipelineParser.Parse(yaml, "pipeline.yml");

        var error = Assert.Single(result.Errors);
        Assert.Contains("steps[0].env.BIG is 200005 bytes as NAME=value", error.ToString(), StringComparison.Ordinal);
    }
}
