using System.Net;
using System.Net.Http.Json;
using ElasticCI.Client;
using ElasticCI.Protocol.Stacks;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary><c>POST /api/v1/stacks/apply</c>: adds, changes and removes stacks; refuses bad input changing nothing.</summary>
public sealed class StackApplyApiTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    private Task<StackApplyResultDto> ApplyAsync(string yaml)
        => _fixture.Client.ApplyStackConfigAsync(new ApplyStackConfigRequest(yaml, "test.yml"), CancellationToken.None);

    [Fact]
    public async Task Apply_AddChangeRemove_ReportsEachAndStatusFollows()
    {
        var added = await ApplyAsync("stacks:\n  - Name: idle\n    Queue: idle\n");
        var same = await ApplyAsync("stacks:\n  - Name: idle\n    Queue: idle\n");
        var changed = await ApplyAsync("MaxInstances: 3\nstacks:\n  - Name: idle\n    Queue: idle\n    MaxSize: 2\n    InstanceType: big\n");
        var status = await _fixture.Client.GetStacksAsync(CancellationToken.None);
        var removed = await ApplyAsync("stacks: []\n");

        Assert.Equal(["idle"], added.Added);
        Assert.Equal(["idle"], same.Unchanged);
        Assert.Equal(["idle"], changed.Changed);
        Assert.Equal(3, changed.MaxInstances);
        Assert.Contains(changed.Details, d => d.Contains("MaxSize 10 → 2", StringComparison.Ordinal) && d.Contains("instance revision", StringComparison.Ordinal));
        Assert.Equal(2, Assert.Single(status.Stacks).MaxSize);
        Assert.Equal(["idle"], removed.Removed);
        await WaitForNoStacksAsync();
    }

    [Fact]
    public async Task Apply_InvalidConfig_400ListingEveryProblemAndNothingChanges()
    {
        await ApplyAsync("stacks:\n  - Name: keep\n    Queue: keep\n");

        var error = await Assert.ThrowsAsync<CoordinatorException>(() => ApplyAsync(
            "MaxInstances: 0\nstacks:\n  - Name: keep\n    Queue: keep\n    MaxSize: -1\n  - Name: Bad_Name\n    Bogus: 1\n"));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("MaxSize must be at least MinSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown parameter 'Bogus'", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxInstances must be", error.Message, StringComparison.Ordinal);
        var stack = Assert.Single((await _fixture.Client.GetStacksAsync(CancellationToken.None)).Stacks);
        Assert.Equal(("keep", 10), (stack.Name, stack.MaxSize));
    }

    [Fact]
    public async Task Apply_ProviderSettings_ShownByStatusAndChangesNamed()
    {
        await ApplyAsync("stacks:\n  - Name: idle\n    Queue: idle\n    ProviderSettings:\n      local:\n        Isolation: none\n");
        var status = Assert.Single((await _fixture.Client.GetStacksAsync(CancellationToken.None)).Stacks);
        var (exit, text, error) = await _fixture.RunCliAsync("stack", "status");
        var changed = await ApplyAsync("stacks:\n  - Name: idle\n    Queue: idle\n    Isolation: none\n    DockerNetworkingProtocol: dualstack\n");

        Assert.Equal("none", status.Isolation);
        Assert.Equal(("none", "90%", "ipv4"), (status.ProviderSettings!["Isolation"], status.ProviderSettings["ResourceLimitsMemoryMax"], status.ProviderSettings["DockerNetworkingProtocol"]));
        Assert.True(exit == 0, error);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("  local settings: ", StringComparison.Ordinal)
            && l.Contains("Isolation=none", StringComparison.Ordinal) && l.Contains("ResourceLimitsTasksMax=4096", StringComparison.Ordinal));
        Assert.Contains(changed.Details, d => d.Contains("DockerNetworkingProtocol ipv4 → dualstack", StringComparison.Ordinal)
            && d.Contains("(DockerNetworkingProtocol)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_SameStackAsOneBuiltInCode_UnchangedWithTheSameRevision()
    {
        await using var coded = await CoordinatorFixture.StartAsync(o =>
        {
            // MaxSize 0: nothing is launched, so the agent command never runs.
            o.Stacks = [new Stacks.StackDefinition
            {
                Name = "coded", Queue = "coded", Scaling = new() { MaxSize = 0 }, ProviderSettings = Stacks.StackProviderSettings.None.With("Isolation", "none"),
            }];
            o.AgentCommand = ["/bin/false"];
        });
        var before = Assert.Single((await coded.Client.GetStacksAsync(CancellationToken.None)).Stacks);

        var result = await coded.Client.ApplyStackConfigAsync(
            new ApplyStackConfigRequest("stacks:\n  - Name: coded\n    Queue: coded\n    MaxSize: 0\n    Isolation: none\n", "test.yml"), CancellationToken.None);

        Assert.Equal(["coded"], result.Unchanged);
        Assert.Equal(before.Revision, Assert.Single((await coded.Client.GetStacksAsync(CancellationToken.None)).Stacks).Revision);
    }

    [Theory]
    [InlineData("    ProviderSettings: {local: {Isolaton: none}}\n", "stack 'keep': unknown setting 'Isolaton' in ProviderSettings.local")]
    [InlineData("    Provider: local\n    ProviderSettings: {cloud: {Zone: a}}\n", "stack 'keep': ProviderSettings names provider 'cloud', which is not known (known: local)")]
    [InlineData("    ProviderSettings: {local: {ExperimentalEnableResourceLimits: yes please}}\n", "stack 'keep': ProviderSettings.local.ExperimentalEnableResourceLimits must be true or false, got 'yes please'")]
    public async Task Apply_BadProviderSetting_400NamingStackKeyAndProviderAndNothingChanges(string setting, string expected)
    {
        await ApplyAsync("stacks:\n  - Name: keep\n    Queue: keep\n");

        var error = await Assert.ThrowsAsync<CoordinatorException>(() => ApplyAsync($"stacks:\n  - Name: keep\n    Queue: keep\n    MaxSize: 3\n{setting}"));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(10, Assert.Single((await _fixture.Client.GetStacksAsync(CancellationToken.None)).Stacks).MaxSize);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"yaml\": 5}")]
    [InlineData("not json")]
    [InlineData("{\"yaml\": \"stacks: [\"}")]
    public async Task Apply_MalformedBody_400(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/stacks/apply", UriKind.Relative))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);

        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Apply_WithoutToken_401()
    {
        using var response = await _fixture.Http.PostAsJsonAsync(new Uri("api/v1/stacks/apply", UriKind.Relative),
            new ApplyStackConfigRequest("stacks: []", null), StackConfigJsonContext.Default.ApplyStackConfigRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task WaitForNoStacksAsync()
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while ((await _fixture.Client.GetStacksAsync(CancellationToken.None)).Stacks.Count > 0)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "the removed stack's loop never ended");
            await Task.Delay(100);
        }
    }
}
