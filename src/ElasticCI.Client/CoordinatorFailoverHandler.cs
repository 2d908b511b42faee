namespace ElasticCI.Client;

/// <summary>
/// Sends each request to the current one of several coordinator URLs (replicas sharing one store) and moves to the next
/// one, round robin, when the current one stops answering: a connection that cannot be made, a 5xx answer, a broken
/// or timed-out exchange.
/// </summary>
/// <remarks>
/// A request that could not connect never reached a coordinator, so it goes to the next URL at once (each URL once
/// per request). Any other failure may have been acted on: the handler only moves on for the next request and hands the
/// failure to the caller, whose retry policy (with its backoff) decides whether the call is safe to repeat; the agent
/// API's calls are (log chunks by sequence and offset, start and finish per agent). Thread-safe; concurrent failures
/// on one URL move on once. Requests are built against the first URL (the <see cref="HttpClient.BaseAddress"/>).
/// </remarks>
public sealed class CoordinatorFailoverHandler : DelegatingHandler
{
    private readonly Uri[] _endpoints;
    private int _current;

    /// <summary>Creates the handler over <paramref name="endpoints"/> (absolute http(s) URLs, at least one), starting with the first.</summary>
    public CoordinatorFailoverHandler(IReadOnlyList<Uri> endpoints, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("At least one coordinator URL is required.", nameof(endpoints));
        }
        _endpoints = [.. endpoints.Select(WithSlash)];
    }

    /// <summary>The URL the next request goes to.</summary>
    public Uri Current => _endpoints[Volatile.Read(ref _current)];

    /// <summary>Called with the old and the new URL each time the handler moves on; for logging. Must not throw.</summary>
    public Action<Uri, Uri, string>? Switched { get; init; }

    /// <summary>
    /// An <see cref="HttpClient"/> whose base address is the first of <paramref name="endpoints"/>; with more than one, its
    /// requests fail over through a <see cref="CoordinatorFailoverHandler"/>, with one a plain client as before.
    /// </summary>
    /// <remarks><paramref name="handler"/> (default a new <see cref="SocketsHttpHandler"/>) makes the connections, e.g. with a connect callback of its own.</remarks>
    public static HttpClient CreateClient(IReadOnlyList<Uri> endpoints, TimeSpan timeout, Action<Uri, Uri, string>? switched = null, SocketsHttpHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var first = WithSlash(endpoints[0]);
        handler ??= new SocketsHttpHandler();
        var http = endpoints.Count > 1
            ? new HttpClient(new CoordinatorFailoverHandler(endpoints, handler) { Switched = switched })
            : new HttpClient(handler);
        http.BaseAddress = first;
        http.Timeout = timeout;
        return http;
    }

    /// <summary>Splits a comma-separated list of coordinator URLs; null with <paramref name="problem"/> naming the bad element.</summary>
    public static IReadOnlyList<Uri>? ParseList(string? text, out string problem)
    {
        problem = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "no coordinator URL given";
            return null;
        }
        var elements = text.Split(',');
        var urls = new List<Uri>();
        for (var i = 0; i < elements.Length; i++)
        {
            var element = elements[i].Trim();
            if (element.Length == 0)
            {
                problem = $"element {i + 1} of '{text}' is empty (URLs are separated by single commas)";
                return null;
            }
            if (!Uri.TryCreate(element, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
            {
                problem = $"'{element}' is not an absolute http or https URL";
                return null;
            }
            urls.Add(url);
        }
        return urls;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var relative = Relative(request.RequestUri!);
        for (var attempt = 1; ; attempt++)
        {
            var index = Volatile.Read(ref _current);
            if (relative is not null)
            {
                request.RequestUri = new Uri(_endpoints[index], relative);
            }
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if ((int)response.StatusCode >= 500)
                {
                    MoveOn(index, $"it answered {(int)response.StatusCode}");
                }
                return response;
            }
            catch (HttpRequestException ex) when (NeverConnected(ex) && attempt < _endpoints.Length)
            {
                // Nothing reached that coordinator, so nothing was done: the same request goes to the next one now.
                MoveOn(index, ex.Message);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
            {
                // It may have been acted on: the next request goes elsewhere, and the caller decides about this one.
                MoveOn(index, ex.Message);
                throw;
            }
        }
    }

    private static bool NeverConnected(HttpRequestException ex)
        => ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
            || ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };

    private void MoveOn(int from, string reason)
    {
        var next = (from + 1) % _endpoints.Length;
        if (next != from && Interlocked.CompareExchange(ref _current, next, from) == from)
        {
            Switched?.Invoke(_endpoints[from], _endpoints[next], reason);
        }
    }

    // The request was built against one of our URLs (normally the first, the client's base address); the rest is the path.
    private string? Relative(Uri uri)
    {
        var text = uri.AbsoluteUri;
        foreach (var endpoint in _endpoints)
        {
            if (text.StartsWith(endpoint.AbsoluteUri, StringComparison.Ordinal))
            {
                return text[endpoint.AbsoluteUri.Length..];
            }
        }
        return null;
    }

    private static Uri WithSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
