using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>
/// Completes when the coordinator has routed a request carrying <see cref="Header"/> = <see cref="Marker"/> to its
/// endpoint (ASP.NET Core's <c>EndpointMatched</c> diagnostic event): the real signal that the server is handling
/// it, instead of a sleep. Other tests' requests, in this process at the same time, lack the marker and are ignored.
/// </summary>
internal sealed class EndpointEntered : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    public const string Header = "X-ElasticCI-Test-Marker";
    private const string EndpointMatched = "Microsoft.AspNetCore.Routing.EndpointMatched";

    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;

    public EndpointEntered() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public string Marker { get; } = Guid.NewGuid().ToString("N");

    public Task Entered => _entered.Task;

    /// <summary>An HTTP handler that marks only the requests whose path ends with <paramref name="pathSuffix"/>.</summary>
    public HttpMessageHandler MarkRequestsTo(string pathSuffix) => new MarkingHandler(Marker, pathSuffix) { InnerHandler = new HttpClientHandler() };

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.AspNetCore")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this, name => name == EndpointMatched));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == EndpointMatched && value.Value is HttpContext context && context.Request.Headers[Header] == Marker)
        {
            _entered.TrySetResult();
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    private sealed class MarkingHandler(string marker, string pathSuffix) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.EndsWith(pathSuffix, StringComparison.Ordinal) == true)
            {
                request.Headers.Add(Header, marker);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
