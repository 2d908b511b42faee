using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ElasticCI.Protocol;
using ElasticCI.Protocol.JobApi;

namespace ElasticCI.InJob;

/// <summary>Client of the agent's per-job local job API (<c>BUILDKITE_AGENT_JOB_API_SOCKET</c> + <c>_TOKEN</c>).</summary>
internal sealed class LocalJobApi(string socketPath, string token)
{
    /// <summary>The running job's API, or null (with a message) outside a job.</summary>
    public static LocalJobApi? Connect(TextWriter error)
    {
        var socket = Environment.GetEnvironmentVariable("BUILDKITE_AGENT_JOB_API_SOCKET");
        var token = Environment.GetEnvironmentVariable("BUILDKITE_AGENT_JOB_API_TOKEN");
        if (string.IsNullOrEmpty(socket) || string.IsNullOrEmpty(token))
        {
            error.WriteLine("buildkite-agent: BUILDKITE_AGENT_JOB_API_SOCKET and BUILDKITE_AGENT_JOB_API_TOKEN are not set; this command works inside a job");
            return null;
        }
        return new LocalJobApi(socket, token);
    }

    public async Task<JobApiResponse> SendAsync(string action, IReadOnlyList<string>? names, IReadOnlyDictionary<string, string>? values, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = JsonSerializer.SerializeToUtf8Bytes(new JobApiRequest(token, action, names, values), ProtocolJsonContext.Default.JobApiRequest);
        await stream.WriteAsync(request, cancellationToken);
        await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var line = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("The job API closed the connection without an answer");
        return JsonSerializer.Deserialize(line, ProtocolJsonContext.Default.JobApiResponse) ?? throw new IOException("The job API answered null");
    }
}
