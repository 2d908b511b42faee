using System.Globalization;

namespace ElasticCI.Cli.Commands.AgentConfig;

/// <summary><c>HOST:PORT</c> as <c>--health-check-addr</c> takes it (<c>[::1]:8080</c> for IPv6).</summary>
internal static class HostPort
{
    public static bool TryParse(string value, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            return false;
        }
        host = value[..colon].Trim('[', ']');
        return host.Length > 0;
    }
}
