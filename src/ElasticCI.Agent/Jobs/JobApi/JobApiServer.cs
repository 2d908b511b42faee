using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ElasticCI.Protocol;
using ElasticCI.Protocol.JobApi;

namespace ElasticCI.Agent.Jobs.JobApi;

/// <summary>
/// The per-job local job API (reference §3.4): a Unix socket in the job's private scratch directory, a per-job secret,
/// one JSON request line and one JSON answer line per connection. It serves <c>buildkite-agent env get|set|unset</c>;
/// changes land in <see cref="PendingEnvironment"/> and reach the job's later steps.
/// </summary>
internal sealed class JobApiServer : IAsyncDisposable
{
    /// <summary>Longest request line accepted; environments are small.</summary>
    internal const int MaxRequestBytes = 1024 * 1024;

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private JobApiServer(Socket listener, string socketPath, string token, PendingEnvironment environment)
    {
        _listener = listener;
        SocketPath = socketPath;
        Token = token;
        Environment = environment;
        _accepting = AcceptLoopAsync(_stop.Token);
    }

    public string SocketPath { get; }

    public string Token { get; }

    public PendingEnvironment Environment { get; }

    /// <summary>Listens on <c>job-api.sock</c> in <paramref name="directory"/>, which must be private to the agent's user.</summary>
    public static JobApiServer Start(string directory)
    {
        var path = Path.Combine(directory, "job-api.sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new JobApiServer(listener, path, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(), new PendingEnvironment());
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ServeAsync(connection, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken cancellationToken)
    {
        using (connection)
        {
            try
            {
                await using var stream = new NetworkStream(connection, ownsSocket: false);
                var line = await ReadLineAsync(stream, cancellationToken);
                var response = line is null
                    ? Refuse($"The request is larger than {MaxRequestBytes} bytes or not one line")
                    : Handle(line);
                var bytes = JsonSerializer.SerializeToUtf8Bytes(response, ProtocolJsonContext.Default.JobApiResponse);
                await stream.WriteAsync(bytes, cancellationToken);
                await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The caller went away (or the job ended); there is nobody to answer.
            }
        }
    }

    internal JobApiResponse Handle(string line)
    {
        JobApiRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(line, ProtocolJsonContext.Default.JobApiRequest);
        }
        catch (JsonException ex)
        {
            return Refuse($"The request is not valid JSON: {ex.Message}");
        }
        if (request is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Token ?? ""), Encoding.UTF8.GetBytes(Token)))
        {
            return Refuse("The job API token is missing or wrong");
        }
        var names = request.Names ?? [];
        switch (request.Action)
        {
            case JobApiActions.Get:
                return new JobApiResponse(Environment.Get(names), []);
            case JobApiActions.Set:
                var values = request.Values ?? new Dictionary<string, string>();
                var errors = Environment.Set(values);
                return errors.Count == 0 ? new JobApiResponse(values, []) : new JobApiResponse(null, errors);
            case JobApiActions.Unset:
                var refused = Environment.Unset(names);
                return refused.Count == 0 ? new JobApiResponse(new Dictionary<string, string>(), []) : new JobApiResponse(null, refused);
            default:
                return Refuse($"Unknown action '{request.Action}' (supported: get, set, unset)");
        }
    }

    private static JobApiResponse Refuse(string error) => new(null, [error]);

    private static async Task<string?> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (buffer.Length <= MaxRequestBytes)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                break;
            }
            var newline = Array.IndexOf(chunk, (byte)'\n', 0, read);
            buffer.Write(chunk, 0, newline < 0 ? read : newline);
            if (newline >= 0)
            {
                return buffer.Length <= MaxRequestBytes ? Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) : null;
            }
        }
        return buffer.Length is > 0 and <= MaxRequestBytes ? Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException)
        {
            // The scratch directory is already gone with it.
        }
    }
}
