using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ElasticCI.EndToEnd.Dashboard;

/// <summary><c>/metrics</c> moving with a build (and clean under promtool), and the server-sent event streams' ids and resumption.</summary>
[Collection("Dashboard")]
public sealed class MetricsAndEventsTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Metrics_WithoutToken_Refused()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(fixture.BaseUrl + "/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_DuringBuild_MoveAsJobsAreScheduledRunAndFinish_AndPassPromtool()
    {
        // No agent serves queue "nobody": its job stays scheduled until the build is canceled.
        var waiting = await fixture.CreateBuildAsync("metrics-nobody", "steps:\n  - command: 'true'\n    agents: {queue: nobody}\n");
        await ScrapeUntilAsync(@"elasticci_scheduled_jobs\{[^}]*queue=""nobody""[^}]*\} 1\b", "a scheduled job on queue nobody");
        (await fixture.Api.PostAsync($"api/v1/builds/{waiting}/cancel", null)).EnsureSuccessStatusCode();
        await ScrapeUntilAsync(@"elasticci_scheduled_jobs\{[^}]*queue=""nobody""[^}]*\} 0\b|^(?![\s\S]*queue=""nobody"")", "queue nobody emptied");

        var marker = Path.Combine(fixture.WorkDirectory, "metrics-" + Guid.NewGuid().ToString("N"));
        var id = await fixture.CreateBuildAsync("metrics", $"steps:\n  - command: 'echo hello; while [ ! -f {marker} ]; do sleep 0.2; done'\n    agents: {{queue: web}}\n");
        try
        {
            await ScrapeUntilAsync(@"elasticci_running_jobs\{[^}]*queue=""web""[^}]*\} 1\b", "a running job on queue web");
            await ScrapeUntilAsync(@"elasticci_busy_agents\{[^}]*queue=""web""[^}]*\} 1\b", "a busy agent on queue web");
        }
        finally
        {
            await File.WriteAllTextAsync(marker, "");
        }
        await fixture.WaitForBuildAsync(id, b => b.GetProperty("state").GetString() == "passed", "the metrics build to pass");
        var text = await ScrapeUntilAsync(@"elasticci_jobs_finished_total\{[^}]*queue=""web""[^}]*state=""passed""[^}]*\} [1-9]", "a finished job counted");
        Assert.Matches(@"elasticci_job_wait_seconds_count\{[^}]*queue=""web""[^}]*\} [1-9]", text);
        Assert.Matches(@"elasticci_job_phase_seconds_count\{[^}]*phase=", text);
        Assert.Matches(@"elasticci_log_bytes_total\{[^}]*queue=""web""[^}]*\} [1-9]", text);
        Assert.Matches(@"elasticci_scaling_decisions_total\{[^}]*action=""launch""[^}]*stack=""web""[^}]*\} [1-9]", text);
        Assert.Matches(@"elasticci_stack_instances\{[^}]*stack=""web""[^}]*state=""running""[^}]*\} 1", text);
        Assert.Contains("elasticci_stack_desired_instances{", text, StringComparison.Ordinal);
        Assert.Contains("elasticci_busy_agent_percentage{", text, StringComparison.Ordinal);

        var file = Path.Combine(fixture.WorkDirectory, "metrics.txt");
        await File.WriteAllTextAsync(file, text);
        var promtool = Process.Start(new ProcessStartInfo("bash", ["-c", $"promtool check metrics < '{file}'"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var lint = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        Assert.True(promtool.ExitCode == 0, "promtool: " + lint);
    }

    [Fact]
    public async Task LogEvents_InOrder_ReconnectWithLastEventIdLosesNothing()
    {
        var id = await fixture.CreateBuildAsync("sse", "steps:\n  - command: 'for i in $(seq 1 200); do echo \"line $i\"; done'\n    agents: {queue: web}\n");
        var build = await fixture.WaitForBuildAsync(id, b => b.GetProperty("state").GetString() == "passed", "the sse build to pass");
        var job = build.GetProperty("jobs")[0].GetProperty("id").GetString()!;
        var raw = await fixture.Api.GetStringAsync($"api/v1/jobs/{job}/log");

        var all = await ReadLogStreamAsync(job, null);
        Assert.Equal(raw, string.Concat(all.Select(e => e.Text)));
        Assert.Equal(all.Select(e => e.Id).Order(), all.Select(e => e.Id));
        Assert.Equal(Encoding.UTF8.GetByteCount(raw), all[^1].Id);

        // A reconnect after byte 100 gets exactly the rest.
        var rest = await ReadLogStreamAsync(job, 100);
        Assert.Equal(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(raw)[100..]), string.Concat(rest.Select(e => e.Text)));

        using var bad = await fixture.Api.GetAsync($"api/v1/jobs/{job}/log/events?offset=-1");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task BuildEvents_ReconnectWithLastEventId_ContinuesNumberingWithCurrentBuild()
    {
        var id = await fixture.CreateBuildAsync("sse-build", "steps:\n  - command: 'true'\n    agents: {queue: nobody}\n");
        var first = await ReadFirstEventAsync($"api/v1/builds/{id}/events", null);
        Assert.Equal(("1", "build"), (first.Id, first.Name));
        var resumed = await ReadFirstEventAsync($"api/v1/builds/{id}/events", "41");
        Assert.Equal(("42", "build"), (resumed.Id, resumed.Name));
        Assert.Equal(id, JsonDocument.Parse(resumed.Data).RootElement.GetProperty("id").GetString());
        (await fixture.Api.PostAsync($"api/v1/builds/{id}/cancel", null)).EnsureSuccessStatusCode();
    }

    private async Task<string> ScrapeUntilAsync(string pattern, string what)
    {
        var regex = new Regex(pattern, RegexOptions.Multiline);
        return await StackApi.WaitAsync(() => fixture.Api.GetStringAsync("metrics"), regex.IsMatch, what, seconds: 120);
    }

    private async Task<List<(long Id, string Text)>> ReadLogStreamAsync(string job, long? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/jobs/{job}/log/events");
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var response = await fixture.Api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<(long, string)>();
        await foreach (var e in SseEvents(reader))
        {
            if (e.Name == "end")
            {
                break;
            }
            events.Add((long.Parse(e.Id, System.Globalization.CultureInfo.InvariantCulture), JsonSerializer.Deserialize<string>(e.Data)!));
        }
        return events;
    }

    private async Task<(string Id, string Name, string Data)> ReadFirstEventAsync(string path, string? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        using var response = await fixture.Api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await foreach (var e in SseEvents(reader))
        {
            return e;
        }
        throw new InvalidOperationException("the stream ended without an event");
    }

    private static async IAsyncEnumerable<(string Id, string Name, string Data)> SseEvents(StreamReader reader)
    {
        string id = "", name = "", data = "";
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return (id, name, data);
                }
                (name, data) = ("", "");
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
    }
}
