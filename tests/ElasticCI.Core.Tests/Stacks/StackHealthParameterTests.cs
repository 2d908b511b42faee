namespace ElasticCI.Stacks;

public sealed class StackHealthParameterTests
{
    private const string File = "elastic-ci.yml";

    [Fact]
    public void Parse_NoHealthParameters_Defaults()
    {
        var stack = ParseOne("stacks: [{Name: ci}]");

        Assert.Equal((0, 300.0, 600.0), (stack.OnDemandBaseCapacity, stack.DanglingInstanceGracePeriod.TotalSeconds, stack.BootstrapScriptTimeout.TotalSeconds));
        Assert.Equal((5L * 1024 * 1024 * 1024, 250_000L, false), (stack.DiskMinFreeBytes, stack.DiskMinFreeInodes, stack.BuildkiteTerminateInstanceOnDiskFull));
    }

    [Fact]
    public void Parse_EveryHealthParameterAnyCase_Read()
    {
        var stack = ParseOne("""
            stacks:
              - name: ci
                ondemandbasecapacity: 2
                DanglingInstanceGracePeriod: 30
                BOOTSTRAPSCRIPTTIMEOUT: 45
                DiskMinFreeBytes: 10737418240
                DiskMinFreeInodes: 1000
                BuildkiteTerminateInstanceOnDiskFull: true
            """);

        Assert.Equal((2, 30.0, 45.0), (stack.OnDemandBaseCapacity, stack.DanglingInstanceGracePeriod.TotalSeconds, stack.BootstrapScriptTimeout.TotalSeconds));
        Assert.Equal((10737418240L, 1000L, true), (stack.DiskMinFreeBytes, stack.DiskMinFreeInodes, stack.BuildkiteTerminateInstanceOnDiskFull));
    }

    [Fact]
    public void Parse_BadHealthValues_EveryProblemListed()
        => Assert.Equal(
            [
                "elastic-ci.yml:2: DiskMinFreeBytes must be a whole number, got 'lots'",
                "elastic-ci.yml:2: BuildkiteTerminateInstanceOnDiskFull must be true or false, got 'maybe'",
            ],
            StackParsing.Parse("stacks:\n  - {Name: ci, DiskMinFreeBytes: lots, BuildkiteTerminateInstanceOnDiskFull: maybe}", File).Errors);

    [Fact]
    public void Parse_OutOfRangeHealthValues_EveryProblemListed()
        => Assert.Equal(
            [
                "elastic-ci.yml: stack 'ci': OnDemandBaseCapacity must be 0 or more, was -1",
                "elastic-ci.yml: stack 'ci': DanglingInstanceGracePeriod must be at least 1 second, was 0",
                "elastic-ci.yml: stack 'ci': BootstrapScriptTimeout must be at least 1 second, was -5",
                "elastic-ci.yml: stack 'ci': DiskMinFreeBytes must be 0 or more, was -1",
                "elastic-ci.yml: stack 'ci': DiskMinFreeInodes must be 0 or more, was -2",
            ],
            StackParsing.Parse(
                "stacks: [{Name: ci, OnDemandBaseCapacity: -1, DanglingInstanceGracePeriod: 0, BootstrapScriptTimeout: -5, DiskMinFreeBytes: -1, DiskMinFreeInodes: -2}]",
                File).Errors);

    private static StackDefinition ParseOne(string yaml)
    {
        var (stacks, errors) = StackParsing.Parse(yaml, File);
        Assert.Empty(errors);
        return Assert.Single(stacks);
    }
}
