using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>A build's jobs carry the <c>group</c> step they sit in, over the wire.</summary>
public sealed class JobGroupApiTests : IAsyncLifetime
{
    private const string Yaml = "steps:\n  - command: echo alone\n    key: alone\n  - group: \":test_tube: Tests\"\n    key: tests\n    steps:\n"
        + "      - command: echo unit\n        key: unit\n      - command: echo lint\n        key: lint\n  - group: Unkeyed\n    steps:\n      - command: echo inner\n";

    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task GetBuild_GroupedSteps_JobsShowTheirGroupAndUngroupedJobsNone()
    {
        var created = await _fixture.CreateBuildAsync(Yaml, "grouped");

        var fetched = await _fixture.Client.GetBuildAsync(created.Id, CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"api/v1/builds/{created.Id}", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);
        using var response = await _fixture.Http.SendAsync(request);
        var raw = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var groups = fetched.Jobs.Select(j => (j.Key, j.Group?.Key, j.Group?.Label)).ToList();
        Assert.Equal([("alone", null, null), ("unit", "tests", ":test_tube: Tests"), ("lint", "tests", ":test_tube: Tests"), (null, null, "Unkeyed")], groups);
        var jobs = raw["jobs"]!.AsArray();
        Assert.Null(jobs[0]!["group"]);
        Assert.Equal(("tests", ":test_tube: Tests"), ((string)jobs[1]!["group"]!["key"]!, (string)jobs[1]!["group"]!["label"]!));
    }

    [Fact]
    public async Task Job_InAGroup_SeesTheGroupVariablesAndOthersEmptyOnes()
    {
        _fixture.StartAgent("agent-group");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: printenv BUILDKITE_GROUP_ID BUILDKITE_GROUP_KEY BUILDKITE_GROUP_LABEL | tr '\n' ','; echo end
              - group: Unit tests
                key: tests
                steps:
                  - command: printenv BUILDKITE_GROUP_ID BUILDKITE_GROUP_KEY BUILDKITE_GROUP_LABEL | tr '\n' ','; echo end
            """, "grouped-env");

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        var outside = await _fixture.LogAsync(done.Jobs[0].Id);
        var inside = await _fixture.LogAsync(done.Jobs[1].Id);

        Assert.True(done.State == "passed", outside + inside);
        Assert.Contains(",,,end", outside, StringComparison.Ordinal);
        Assert.Contains("tests,tests,Unit tests,end", inside, StringComparison.Ordinal);
    }
}
