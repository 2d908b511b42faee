using System.Net;
using System.Text;

namespace ElasticCI.Coordinator.Dashboard;

/// <summary>The HTML shell of every page: navigation, a main region that app.js fills, and local assets only (no CDN, no web font).</summary>
internal static class DashboardPage
{
    public static string Render(string page, string title, string? data = null)
    {
        var html = new StringBuilder(1024);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append(" · ElasticCI</title>")
            .Append("<link rel=\"stylesheet\" href=\"/assets/app.css\"><link rel=\"icon\" href=\"data:,\"></head>")
            .Append("<body data-page=\"").Append(page).Append('"');
        if (data is not null)
        {
            html.Append(" data-id=\"").Append(WebUtility.HtmlEncode(data)).Append('"');
        }
        html.Append("><a class=\"skip\" href=\"#main\">Skip to content</a><header><nav aria-label=\"Main\"><span class=\"brand\">ElasticCI</span>");
        foreach (var (href, label, key) in new[] { ("/", "Builds", "builds"), ("/pipelines", "Pipelines", "pipelines"), ("/stacks", "Stacks", "stacks"), ("/agents", "Agents", "agents") })
        {
            html.Append("<a href=\"").Append(href).Append('"').Append(key == page || page == "build" && key == "builds" ? " aria-current=\"page\"" : "")
                .Append('>').Append(label).Append("</a>");
        }
        html.Append("<form method=\"post\" action=\"/logout\" class=\"logout\"><button type=\"submit\">Log out</button></form></nav></header>")
            .Append("<main id=\"main\" tabindex=\"-1\"><h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>")
            .Append("<p id=\"status\" role=\"status\" aria-live=\"polite\"></p><div id=\"content\">Loading…</div></main>")
            .Append("<script src=\"/assets/app.js\" defer></script></body></html>");
        return html.ToString();
    }

    public static string Login(string next, string? error)
    {
        var html = new StringBuilder(1024);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Log in · ElasticCI</title>")
            .Append("<link rel=\"stylesheet\" href=\"/assets/app.css\"><link rel=\"icon\" href=\"data:,\"></head><body data-page=\"login\">")
            .Append("<main id=\"main\" class=\"login\"><h1>ElasticCI</h1>");
        if (error is not null)
        {
            html.Append("<p class=\"error\" role=\"alert\">").Append(WebUtility.HtmlEncode(error)).Append("</p>");
        }
        html.Append("<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"next\" value=\"").Append(WebUtility.HtmlEncode(next)).Append("\">")
            .Append("<label for=\"token\">API token</label>")
            .Append("<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required>")
            .Append("<p class=\"hint\">Use the login URL that <code>elastic-ci up</code> or <code>server</code> printed, or paste the API token from <code>api.token</code> in the data directory.</p>")
            .Append("<button type=\"submit\">Log in</button></form></main></body></html>");
        return html.ToString();
    }
}
