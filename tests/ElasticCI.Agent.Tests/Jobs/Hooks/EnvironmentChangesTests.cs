using ElasticCI.Agent.Jobs.Hooks;

namespace ElasticCI.Agent.Tests.Jobs.Hooks;

public sealed class EnvironmentChangesTests
{
    [Fact]
    public void Apply_AddedChangedRemoved_AreAppliedExceptShellAndProtectedVariables()
    {
        var job = new Dictionary<string, string> { ["KEEP"] = "1", ["CHANGE"] = "old", ["DROP"] = "x", ["BUILDKITE_BUILD_PATH"] = "/builds" };
        var before = new Dictionary<string, string>(job) { ["PWD"] = "/a", ["SHLVL"] = "1" };
        var after = new Dictionary<string, string>
        {
            ["KEEP"] = "1", ["CHANGE"] = "new", ["ADDED"] = "yes", ["BUILDKITE_BUILD_PATH"] = "/elsewhere", ["PWD"] = "/b", ["SHLVL"] = "2", ["_"] = "/usr/bin/env",
        };

        var refused = EnvironmentChanges.Apply(job, before, after);

        Assert.Equal(["BUILDKITE_BUILD_PATH"], refused);
        Assert.Equal(
            new Dictionary<string, string> { ["KEEP"] = "1", ["CHANGE"] = "new", ["ADDED"] = "yes", ["BUILDKITE_BUILD_PATH"] = "/builds" },
            job);
    }
}
