using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using ElasticCI.Stacks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Tests.Dashboard;

/// <summary>The stacks page chart's points are kept in the store: a restarted coordinator still shows the earlier ones.</summary>
public sealed class StackHistoryRestartTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("elastic-ci-history-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task StackHistory_AfterRestart_EarlierPointsStillShown()
    {
        DateTimeOffset before;
        await using (var first = await StartAsync())
        {
            var points = await WaitForPointsAsync(first, p => p.Count > 0);
            // The store keeps milliseconds.
            before = DateTimeOffset.FromUnixTimeMilliseconds(points[0].ToUnixTimeMilliseconds());
            await first.StopAsync();
        }

        await using var second = await StartAsync();
        var after = await WaitForPointsAsync(second, p => p.Count > 0);

        Assert.Contains(before, after);
        Assert.Equal(1, await CountStoredAsync(second, before));
    }

    private async Task<WebApplication> StartAsync()
    {
        var options = new CoordinatorOptions
        {
            DataDirectory = _dataDirectory,
            Listen = "127.0.0.1:0",
            AgentCommand = ["/bin/false"],
            Stacks = [new StackDefinition { Name = "charted", Queue = "charted", ProviderSettings = StackProviderSettings.None.With("Isolation", "none"), Scaling = new() { MaxSize = 0 } }],
        };
        var app = await CoordinatorHost.BuildAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning), CancellationToken.None);
        await app.StartAsync();
        return app;
    }

    private static async Task<List<DateTimeOffset>> WaitForPointsAsync(WebApplication app, Func<List<DateTimeOffset>, bool> done)
    {
        var url = await app.Services.GetRequiredService<CoordinatorAddress>().Url;
        var token = app.Services.GetRequiredService<Security.TokenFiles>().ApiToken;
        using var http = new HttpClient { BaseAddress = new Uri(url + "/") };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/dashboard/stack-history");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var points = json.RootElement.GetProperty("stacks").EnumerateArray()
                .Where(s => s.GetProperty("stack").GetString() == "charted")
                .SelectMany(s => s.GetProperty("at").EnumerateArray().Select(a => a.GetDateTimeOffset())).ToList();
            if (done(points))
            {
                return points;
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "timed out waiting for the chart's points");
            await Task.Delay(200);
        }
    }

    private static async Task<long> CountStoredAsync(WebApplication app, DateTimeOffset at)
    {
        var store = app.Services.GetRequiredService<Storage.IMetricsStore>();
        return (await store.ListFleetSamplesAsync(at, CancellationToken.None)).Count(s => s.At == at && s.Stack == "charted");
    }
}
