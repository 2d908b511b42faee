using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ElasticCI.Protocol.Agents;
using ElasticCI.Stacks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>
/// <c>token rotate agent</c> with a PostgreSQL store: the rotation through one replica replaces the shared token, so every
/// replica registers agents with the new token and refuses the old one, and each writes the new one to its <c>agent-token</c>;
/// the same for a named, queue-scoped token (<c>--name</c>) and its <c>agent-tokens/NAME</c>.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class SharedTokenRotationTests(PostgresServerFixture server) : IAsyncLifetime
{
    private readonly List<(WebApplication App, string Directory)> _replicas = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (app, directory) in _replicas)
        {
            await app.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task RotateAgent_ThroughOneReplica_EveryReplicaAcceptsTheNewTokenAndRefusesTheOld()
    {
        var database = await server.CreateDatabaseAsync();
        var (a, directoryA) = await StartAsync(database, "replica-a");
        var (b, directoryB) = await StartAsync(database, "replica-b");
        var old = ReadToken(directoryA);
        Assert.Equal(old, ReadToken(directoryB));
        Assert.Equal(HttpStatusCode.OK, await RegisterAsync(b, old));

        var rotated = await ReplicasTests.ClientOf(a).RotateAgentTokenAsync(CancellationToken.None);

        Assert.Equal(Path.Combine(directoryA, "agent-token"), rotated.File);
        var fresh = ReadToken(directoryA);
        Assert.NotEqual(old, fresh);
        foreach (var replica in new[] { a, b })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await RegisterAsync(replica, old));
            Assert.Equal(HttpStatusCode.OK, await RegisterAsync(replica, fresh));
            Assert.Equal(HttpStatusCode.Unauthorized, await MetricsAsync(replica, old));
            Assert.Equal(HttpStatusCode.OK, await MetricsAsync(replica, fresh));
        }
        // The other replica has written the new token to its own data directory, where scripts read it.
        Assert.Equal(fresh, ReadToken(directoryB));

        // A second rotation, through the other replica this time, is the one both accept.
        await ReplicasTests.ClientOf(b).RotateAgentTokenAsync(CancellationToken.None);
        var third = ReadToken(directoryB);
        Assert.NotEqual(fresh, third);
        Assert.Equal(HttpStatusCode.Unauthorized, await RegisterAsync(a, fresh));
        Assert.Equal(HttpStatusCode.OK, await RegisterAsync(a, third));
        Assert.Equal(third, ReadToken(directoryA));
    }

    [Fact]
    public async Task RotateNamedAgentToken_ThroughOneReplica_EveryReplicaAcceptsTheNewValueOnItsQueueAndRefusesTheOld()
    {
        var database = await server.CreateDatabaseAsync();
        var (a, directoryA) = await StartAsync(database, "replica-a", named: true);
        var (b, directoryB) = await StartAsync(database, "replica-b", named: true);
        // Each replica made its own file at start; the first to use the name publishes its value, the other takes it.
        var first = ReadToken(directoryA, "agent-tokens/deploy");
        Assert.Equal(HttpStatusCode.OK, await RegisterAsync(a, first, "deploy"));
        Assert.Equal(HttpStatusCode.OK, await RegisterAsync(b, first, "deploy"));
        Assert.Equal(first, ReadToken(directoryB, "agent-tokens/deploy"));
        Assert.Equal(HttpStatusCode.Forbidden, await RegisterAsync(b, first, "default"));

        var rotated = await ReplicasTests.ClientOf(a).RotateAgentTokenAsync("deploy", CancellationToken.None);

        Assert.Equal(Path.Combine(directoryA, "agent-tokens", "deploy"), rotated.File);
        var fresh = ReadToken(directoryA, "agent-tokens/deploy");
        Assert.NotEqual(first, fresh);
        foreach (var replica in new[] { a, b })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await RegisterAsync(replica, first, "deploy"));
            Assert.Equal(HttpStatusCode.OK, await RegisterAsync(replica, fresh, "deploy"));
            Assert.Equal(HttpStatusCode.Forbidden, await RegisterAsync(replica, fresh, "default"));
        }
        Assert.Equal(fresh, ReadToken(directoryB, "agent-tokens/deploy"));
    }

    private static string ReadToken(string directory, string file = "agent-token") => File.ReadAllText(Path.Combine(directory, file)).Trim();

    private static async Task<HttpStatusCode> RegisterAsync(WebApplication app, string token, string queue = "default")
    {
        using var http = HttpOf(app, token);
        using var response = await http.PostAsJsonAsync("api/agent/v1/register",
            new RegisterAgentRequest("by-hand", new Dictionary<string, string> { ["queue"] = queue }, null, "host", Environment.ProcessId));
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> MetricsAsync(WebApplication app, string token)
    {
        using var http = HttpOf(app, token);
        using var response = await http.GetAsync("v3/metrics");
        return response.StatusCode;
    }

    private static HttpClient HttpOf(WebApplication app, string token)
    {
        var url = app.Services.GetRequiredService<CoordinatorAddress>().Url.Result;
        var http = new HttpClient { BaseAddress = new Uri(url + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        return http;
    }

    private async Task<(WebApplication App, string Directory)> StartAsync(string database, string replica, bool named = false)
    {
        var options = ClusterParts.ReplicaOptions(server, database, replica, "tokens");
        options.Stacks = [StackDefinition.EmbeddedDefault with { Scaling = new() { MinSize = 0, MaxSize = 1, AgentsPerInstance = 1 } }];
        options.AgentTokens = named ? [new Security.AgentTokenScope("deploy", ["deploy"])] : [];
        var directory = options.DataDirectory;
        var app = await CoordinatorHost.BuildAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning), null, CancellationToken.None);
        _replicas.Add((app, directory));
        await app.StartAsync();
        return (app, directory);
    }
}
