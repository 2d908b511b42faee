using ElasticCI.Coordinator.Scaling;
using ElasticCI.Protocol.Agents;

namespace ElasticCI.Coordinator.Tests.Scaling;

public sealed class InstanceExitReasonTests
{
    [Fact]
    public void Describe_AgentUnhealthyExitCode_SaysAgentReportedItselfUnhealthy()
    {
        var reason = InstanceExitReason.Describe(drained: false, AgentExitCodes.Unhealthy);

        Assert.Contains("its agent reported itself unhealthy (disk space below the threshold", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpectedly", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_CleanExit_SaysExitedOnItsOwn()
        => Assert.StartsWith("instance exited on its own (code 0)", InstanceExitReason.Describe(drained: false, AgentExitCodes.Ok), StringComparison.Ordinal);

    [Fact]
    public void Describe_OtherExitCode_SaysExitedUnexpectedly()
        => Assert.StartsWith("instance exited unexpectedly (code 137)", InstanceExitReason.Describe(drained: false, 137), StringComparison.Ordinal);

    [Fact]
    public void Describe_DrainedInstance_SaysDrainedWhateverTheCode()
        => Assert.Equal("drained instance exited (code 4)", InstanceExitReason.Describe(drained: true, AgentExitCodes.Unhealthy));
}
