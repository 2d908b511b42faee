using System.Collections.Concurrent;
using ElasticCI.Coordinator.Security;
using Microsoft.AspNetCore.Http;

namespace ElasticCI.Coordinator.Dashboard;

/// <summary>
/// Dashboard sign-in: a one-time login token (printed at start-up as a URL, like Jupyter's) or the API token typed into the
/// login form buys a session, kept in memory (a restart signs everyone out) and carried in an HTTP-only, SameSite=Strict cookie.
/// A session may read the API; it may change something only with the <see cref="CsrfHeader"/> header, which a cross-site form cannot send.
/// </summary>
internal sealed class DashboardSessions(TimeProvider time)
{
    public const string CookieName = "elasticci_session";
    public const string CsrfHeader = "X-ElasticCI-Dashboard";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);
    private string? _loginToken = AccessTokens.Create();

    /// <summary>The one-time login token; null once it was used.</summary>
    public string? LoginToken => Volatile.Read(ref _loginToken);

    /// <summary>True (once) for the start-up login token.</summary>
    public bool TryUseLoginToken(string presented)
    {
        var token = LoginToken;
        return token is not null && AccessTokens.Same(presented, token) && Interlocked.CompareExchange(ref _loginToken, null, token) == token;
    }

    public string Create()
    {
        var id = AccessTokens.Create();
        var now = time.GetUtcNow();
        foreach (var (key, expires) in _sessions)
        {
            if (expires <= now)
            {
                _sessions.TryRemove(key, out _);
            }
        }
        _sessions[id] = now + Lifetime;
        return id;
    }

    public void Remove(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is { } id)
        {
            _sessions.TryRemove(id, out _);
        }
    }

    /// <summary>The request carries a live session cookie (and, for a request that changes something, the CSRF header).</summary>
    public bool IsSignedIn(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { } id || !_sessions.TryGetValue(id, out var expires) || expires <= time.GetUtcNow())
        {
            return false;
        }
        return HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || http.Request.Headers.ContainsKey(CsrfHeader);
    }

    public static void SetCookie(HttpContext http, string id)
        => http.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = Lifetime,
        });

    /// <summary>A <c>next</c> that stays on this site: a local absolute path, not <c>//host</c> or <c>/\host</c>; null otherwise.</summary>
    public static string? LocalPath(string? next)
    {
        if (string.IsNullOrEmpty(next))
        {
            return "/";
        }
        if (next[0] != '/' || next.Length > 1 && next[1] is '/' or '\\' || next.Any(c => char.IsControl(c) || c == '\\'))
        {
            return null;
        }
        return next;
    }
}
