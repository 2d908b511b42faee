using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace ElasticCI.Coordinator.Dashboard;

/// <summary>The dashboard's script and stylesheet, embedded in the assembly (no files to deploy, nothing from the internet).</summary>
internal static class DashboardAssets
{
    private static readonly ConcurrentDictionary<string, byte[]?> Cache = new(StringComparer.Ordinal);

    public static IResult Serve(HttpContext http, string name)
    {
        var type = Path.GetExtension(name) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => null,
        };
        var bytes = type is null ? null : Cache.GetOrAdd(name, Load);
        if (bytes is null)
        {
            return Results.NotFound();
        }
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return Results.Bytes(bytes, type);
    }

    private static byte[]? Load(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("dashboard/" + name);
        if (stream is null)
        {
            return null;
        }
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
