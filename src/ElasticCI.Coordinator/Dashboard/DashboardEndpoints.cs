using ElasticCI.Coordinator.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ElasticCI.Coordinator.Dashboard;

/// <summary>The dashboard's pages, login and logout, and its local assets.</summary>
internal static class DashboardEndpoints
{
    private static readonly (string Path, string Page, string Title)[] Pages =
        [("/", "builds", "Builds"), ("/pipelines", "pipelines", "Pipelines"), ("/stacks", "stacks", "Stacks"), ("/agents", "agents", "Agents")];

    public static void MapDashboardPages(this IEndpointRouteBuilder routes)
    {
        foreach (var (path, page, title) in Pages)
        {
            routes.MapGet(path, (HttpContext http, DashboardSessions sessions) => Page(http, sessions, page, title, null)).WithName($"Dashboard-{page}").ExcludeFromDescription();
        }
        routes.MapGet("/builds/{id}", (HttpContext http, string id, DashboardSessions sessions) => Page(http, sessions, "build", "Build", id))
            .WithName("Dashboard-build").ExcludeFromDescription();
        routes.MapGet("/login", LoginPage).WithName("DashboardLoginPage").ExcludeFromDescription();
        routes.MapPost("/login", LoginAsync).WithName("DashboardLogin").ExcludeFromDescription();
        routes.MapPost("/logout", (HttpContext http, DashboardSessions sessions) =>
        {
            sessions.Remove(http);
            http.Response.Cookies.Delete(DashboardSessions.CookieName, new CookieOptions { Path = "/" });
            return Results.Redirect("/login");
        }).WithName("DashboardLogout").ExcludeFromDescription();
        routes.MapGet("/assets/{name}", (HttpContext http, string name) => DashboardAssets.Serve(http, name)).WithName("DashboardAsset").ExcludeFromDescription();
    }

    private static IResult Page(HttpContext http, DashboardSessions sessions, string page, string title, string? id)
    {
        if (!sessions.IsSignedIn(http))
        {
            return Results.Redirect("/login?next=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
        }
        http.Response.Headers.CacheControl = "no-store";
        SecurityHeaders(http);
        return Results.Content(DashboardPage.Render(page, title, id), "text/html; charset=utf-8");
    }

    private static IResult LoginPage(HttpContext http, DashboardSessions sessions, string? token, string? next)
    {
        var target = DashboardSessions.LocalPath(next);
        SecurityHeaders(http);
        if (target is null)
        {
            return Refused("next must be a local path (starting with a single /)");
        }
        if (token is null)
        {
            return Results.Content(DashboardPage.Login(target, null), "text/html; charset=utf-8");
        }
        if (!sessions.TryUseLoginToken(token))
        {
            return Results.Content(DashboardPage.Login(target, "That login link is not valid (it works once). Log in with the API token."),
                "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }
        DashboardSessions.SetCookie(http, sessions.Create());
        return Results.Redirect(target);
    }

    private static async Task<IResult> LoginAsync(HttpContext http, DashboardSessions sessions, TokenFiles tokens)
    {
        SecurityHeaders(http);
        if (!http.Request.HasFormContentType)
        {
            return Refused("a form with token and next is required");
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var target = DashboardSessions.LocalPath(form["next"].ToString());
        if (target is null)
        {
            return Refused("next must be a local path (starting with a single /)");
        }
        var token = form["token"].ToString().Trim();
        if (!AccessTokens.Same(token, tokens.ApiToken) && !sessions.TryUseLoginToken(token))
        {
            return Results.Content(DashboardPage.Login(target, "That token is not valid."), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }
        DashboardSessions.SetCookie(http, sessions.Create());
        return Results.Redirect(target);
    }

    private static IResult Refused(string detail)
        => Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad Request");

    private static void SecurityHeaders(HttpContext http)
    {
        http.Response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
