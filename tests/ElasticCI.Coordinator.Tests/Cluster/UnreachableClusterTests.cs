using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ElasticCI.Cluster;
using ElasticCI.Cluster.Postgres;
using ElasticCI.Coordinator.Hosting;
using ElasticCI.Coordinator.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>A replica whose cluster database does not answer still starts and serves /healthz, but is not ready, leads nothing and says why.</summary>
public sealed class UnreachableClusterTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("elastic-ci-unreachable-").FullName;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        // A loopback port nobody listens on: connections are refused at once.
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var options = new CoordinatorOptions { DataDirectory = _directory, Listen = "127.0.0.1:0", ReplicaId = "lonely" };
        _app = await CoordinatorHost.BuildAsync(options, logging => logging.SetMinimumLevel(LogLevel.Critical), services => services.AddPostgresCluster(o =>
        {
            o.ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password=s3cret-pw;Database=ci";
            o.LeaseDuration = TimeSpan.FromSeconds(3);
            o.RenewInterval = TimeSpan.FromSeconds(1);
        }), CancellationToken.None);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(await _app.Services.GetRequiredService<CoordinatorAddress>().Url + "/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Readyz_ClusterDatabaseDown_Returns503NamingTheClusterWithoutThePassword()
    {
        using var alive = await _http.GetAsync(new Uri("healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);

        using var ready = await _http.GetAsync(new Uri("readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync();
        using var problem = JsonDocument.Parse(body);
        var error = Assert.Single(problem.RootElement.GetProperty("errors").EnumerateArray()).GetString();
        Assert.StartsWith("cluster: cluster database unreachable", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", body, StringComparison.Ordinal);
        Assert.False(_app.Services.GetRequiredService<LeaderGate>().IsLeading);
        Assert.Null(_app.Services.GetRequiredService<ILeadership>().CurrentTerm);
    }

    [Fact]
    public async Task Cluster_ClusterDatabaseDown_Returns503Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/cluster");
        request.Headers.Authorization = new("Bearer", _app.Services.GetRequiredService<TokenFiles>().ApiToken);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
