using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Tests.Notifications;

/// <summary>A real Kestrel receiver on 127.0.0.1, port 0: records every POST and answers the scripted statuses, then 200.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _statuses;

    private WebhookReceiver(WebApplication app, IEnumerable<int> statuses)
    {
        _app = app;
        _statuses = new ConcurrentQueue<int>(statuses);
    }

    public Channel<(string Event, string Body)> Requests { get; } = Channel.CreateUnbounded<(string, string)>();

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync(params int[] statuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, statuses);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            await receiver.Requests.Writer.WriteAsync((context.Request.Headers["X-Buildkite-Event"].ToString(), body), context.RequestAborted);
            context.Response.StatusCode = receiver._statuses.TryDequeue(out var status) ? status : 200;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
