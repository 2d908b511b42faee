using ElasticCI.Compute.Local.Settings;
using ElasticCI.Stacks;
using static ElasticCI.Coordinator.Tests.Compute.Local.LocalStackParsing;

namespace ElasticCI.Coordinator.Tests.Compute.Local;

public sealed class LocalResourceLimitSettingTests
{
    [Fact]
    public void Parse_Defaults_OffWithTheOriginalsValues()
    {
        var settings = LocalStackSettings.Of(ParseOne("stacks: [{Name: ci}]"));

        Assert.False(settings.ExperimentalEnableResourceLimits);
        Assert.Equal(new StackResourceLimits(null, 90, 90, 4096), StackResourceLimits.Parse(settings, "ci", []));
    }

    [Theory]
    [InlineData("512M", 512L * 1024 * 1024)]
    [InlineData("2G", 2L * 1024 * 1024 * 1024)]
    [InlineData("100000000", 100_000_000L)]
    public void Parse_MemorySize_Bytes(string value, long expected)
    {
        var settings = LocalStackSettings.Of(ParseOne($"stacks: [{{Name: ci, ExperimentalEnableResourceLimits: true, ResourceLimitsMemoryMax: {value}}}]"));

        Assert.Equal(expected, StackResourceLimits.Parse(settings, "ci", [])!.MemoryLimitBytes(1L << 40));
    }

    [Fact]
    public void Parse_Percentages_OfHostMemoryAndOfOneCpu()
    {
        var stack = With(new StackDefinition { Name = "ci" }, ("ResourceLimitsMemoryMax", "50%"), ("ResourceLimitsCPUQuota", "250%"), ("ResourceLimitsTasksMax", "infinity"));
        var limits = StackResourceLimits.Parse(LocalStackSettings.Of(stack), "ci", [])!;

        Assert.Equal(500, limits.MemoryLimitBytes(1000));
        Assert.Equal(250, limits.CpuQuotaPercent);
        Assert.Null(limits.TasksMax);
    }

    [Fact]
    public void Parse_Infinity_NoLimits()
    {
        var settings = LocalStackSettings.Of(ParseOne("stacks: [{Name: ci, ResourceLimitsMemoryMax: infinity, ResourceLimitsCPUQuota: Infinity, ResourceLimitsTasksMax: infinity}]"));

        Assert.Equal(new StackResourceLimits(null, null, null, null), StackResourceLimits.Parse(settings, "ci", []));
    }

    [Theory]
    [InlineData("ResourceLimitsMemoryMax", "lots", "ResourceLimitsMemoryMax must be")]
    [InlineData("ResourceLimitsMemoryMax", "150%", "ResourceLimitsMemoryMax must be")]
    [InlineData("ResourceLimitsMemoryMax", "1M", "at least 64M")]
    [InlineData("ResourceLimitsMemoryMax", "99999999999999999999T", "ResourceLimitsMemoryMax must be")]
    [InlineData("ResourceLimitsCPUQuota", "1.5", "ResourceLimitsCPUQuota must be")]
    [InlineData("ResourceLimitsCPUQuota", "0%", "ResourceLimitsCPUQuota must be")]
    [InlineData("ResourceLimitsTasksMax", "8", "ResourceLimitsTasksMax must be a whole number of at least 32")]
    [InlineData("ResourceLimitsTasksMax", "-1", "ResourceLimitsTasksMax must be")]
    public void Parse_BadValue_RefusedNamingTheParameter(string parameter, string value, string expected)
    {
        var errors = Parse($"stacks: [{{Name: ci, ExperimentalEnableResourceLimits: true, {parameter}: '{value}'}}]").Errors;

        Assert.Contains(errors, e => e.StartsWith("elastic-ci.yml: stack 'ci': ", StringComparison.Ordinal)
            && e.Contains(expected, StringComparison.Ordinal) && e.Contains(value, StringComparison.Ordinal));
    }

    [Fact]
    public void InstanceRevision_LimitsOff_SameRevisionWhateverTheValues()
    {
        var stack = With(new StackDefinition { Name = "ci" });

        Assert.Equal(InstanceRevision.Of(stack), InstanceRevision.Of(With(stack, ("ResourceLimitsMemoryMax", "1G"))));
    }

    [Fact]
    public void InstanceRevision_LimitsOnOrChanged_NewRevision()
    {
        var stack = With(new StackDefinition { Name = "ci" });
        var limited = With(stack, ("ExperimentalEnableResourceLimits", "true"));
        var fewer = With(limited, ("ResourceLimitsTasksMax", "100"));

        Assert.NotEqual(InstanceRevision.Of(stack), InstanceRevision.Of(limited));
        Assert.NotEqual(InstanceRevision.Of(limited), InstanceRevision.Of(fewer));
        Assert.Contains("ResourceLimitsTasksMax", InstanceRevision.Changes(limited, fewer));
    }
}
