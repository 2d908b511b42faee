using ElasticCI.Agent.Jobs;

namespace ElasticCI.Agent.Tests.Jobs;

public sealed class JobEnvironmentTests
{
    [Theory]
    [InlineData("ELASTIC_CI_REGISTRATION_TOKEN", "x", true)]
    [InlineData("ELASTIC_CI_AGENT_TOKEN", "x", true)]
    [InlineData("BUILDKITE_AGENT_TOKEN", "x", true)]
    [InlineData("RENAMED", "registration-token-value", true)]
    [InlineData("WRAPPED", "Token registration-token-value", true)]
    [InlineData("ELASTIC_CI_INSTANCE_ID", "i-1", false)]
    [InlineData("PATH", "/usr/bin", false)]
    public void IsSecret_NameOrValue_DetectsRegistrationToken(string name, string value, bool expected)
    {
        Assert.Equal(expected, JobEnvironment.IsSecret(name, value, "registration-token-value"));
    }

    [Fact]
    public void IsSecret_ShortToken_OnlyExactValueMatches()
    {
        Assert.True(JobEnvironment.IsSecret("X", "abc", "abc"));
        Assert.False(JobEnvironment.IsSecret("PATH", "/usr/abc/bin", "abc"));
    }
}
