using System.Net;
using System.Net.Sockets;

namespace ElasticCI.InJob;

/// <summary>
/// Reaching a coordinator on the host's loopback from inside a container. The agent gives jobs an endpoint such as
/// <c>http://127.0.0.1:PORT/</c>; a job that mounts this executable into a container (the docker plugins'
/// <c>mount-buildkite-agent</c>) sees its own loopback there. Rule: connect to the endpoint as given; only when that is
/// refused, the host is a loopback address and this process runs in a container (<c>/.dockerenv</c> or
/// <c>/run/.containerenv</c>), try the host in order as <c>10.0.2.2</c> (the host loopback as rootless
/// slirp4netns/rootlesskit networks expose it), <c>host.docker.internal</c>, then <c>host.containers.internal</c>. <c>BUILDKITE_AGENT_CONTAINER_ENDPOINT_HOST</c> names the host to use instead.
/// </summary>
internal static class ContainerLoopback
{
    public const string HostVariable = "BUILDKITE_AGENT_CONTAINER_ENDPOINT_HOST";
    private static readonly string[] GatewayHosts = ["10.0.2.2", "host.docker.internal", "host.containers.internal"];

    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectAsync()
        => async (context, cancellationToken) =>
        {
            var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
            try
            {
                return await OpenAsync(context.DnsEndPoint.Host, port, cancellationToken);
            }
            catch (SocketException) when (IsLoopback(host) && InContainer())
            {
                Exception? last = null;
                foreach (var gateway in Alternatives())
                {
                    try
                    {
                        return await OpenAsync(gateway, port, cancellationToken);
                    }
                    catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                    {
                        last = ex;
                    }
                }
                throw new HttpRequestException($"cannot reach {host}:{port} from this container, nor the host through {string.Join(", ", Alternatives())} ({last?.Message})", last);
            }
        };

    internal static IEnumerable<string> Alternatives()
        => Environment.GetEnvironmentVariable(HostVariable) is { Length: > 0 } named ? [named] : GatewayHosts;

    internal static bool IsLoopback(string host)
        => host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static bool InContainer() => File.Exists("/.dockerenv") || File.Exists("/run/.containerenv");

    private static async Task<Stream> OpenAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await socket.ConnectAsync(host, port, timeout.Token);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
