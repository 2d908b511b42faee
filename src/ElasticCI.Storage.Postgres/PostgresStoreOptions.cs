using System.Globalization;
using Npgsql;

namespace ElasticCI.Storage.Postgres;

/// <summary>
/// Where the PostgreSQL store lives, parsed from the URL users give (<c>postgres://user:password@host:port/database</c>,
/// also <c>postgresql://</c>; query parameters are Npgsql connection settings, e.g. <c>?sslmode=require</c>).
/// </summary>
/// <remarks>
/// <see cref="ConnectionString"/> holds the password: never log or print it. <see cref="Describe"/> is what messages
/// show (user, host, port and database, no password).
/// </remarks>
public sealed class PostgresStoreOptions
{
    /// <summary>The default port when the URL names none.</summary>
    public const int DefaultPort = 5432;

    /// <summary>How long opening a connection may take before the start fails.</summary>
    /// <remarks>Default: 10 seconds.</remarks>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many statements each connection prepares once they recur (Npgsql's <c>Max Auto Prepare</c>): the store's flows
    /// send the same few dozen statements again and again, and a prepared one skips the server's parsing and planning.
    /// </summary>
    /// <remarks>
    /// Default: 64. Measured in the dispatch bench: p50 from about 16 to about 10 ms at 25 jobs/s. Behind a pooler in
    /// transaction mode that does not keep prepared statements, set <c>?Max%20Auto%20Prepare=0</c> in the URL.
    /// </remarks>
    public const int DefaultMaxAutoPrepare = 64;

    private PostgresStoreOptions(string connectionString, string host, int port, string database, string username)
    {
        ConnectionString = connectionString;
        Host = host;
        Port = port;
        Database = database;
        Username = username;
    }

    /// <summary>The Npgsql connection string (with the password). Secret.</summary>
    public string ConnectionString { get; }

    public string Host { get; }

    public int Port { get; }

    public string Database { get; }

    public string Username { get; }

    /// <summary>"user@host:port/database", for messages; never the password.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Username}@{Host}:{Port}/{Database}");

    /// <summary>True when <paramref name="value"/> names a PostgreSQL store (its scheme), valid or not.</summary>
    public static bool IsPostgresUrl(string value)
        => value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a store URL; <paramref name="error"/> says what is wrong (naming the host, never the password).</summary>
    public static bool TryParse(string url, out PostgresStoreOptions? options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(url);
        options = null;
        if (!IsPostgresUrl(url))
        {
            error = "the store URL must start with postgres:// or postgresql://";
            return false;
        }
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var queryAt = rest.IndexOf('?', StringComparison.Ordinal);
        var query = queryAt >= 0 ? rest[(queryAt + 1)..] : "";
        rest = queryAt >= 0 ? rest[..queryAt] : rest;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash >= 0 ? rest[..slash] : rest;
        var database = slash >= 0 ? Uri.UnescapeDataString(rest[(slash + 1)..]) : "";
        var at = authority.LastIndexOf('@');
        var userInfo = at >= 0 ? authority[..at] : "";
        var hostPort = at >= 0 ? authority[(at + 1)..] : authority;
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var username = Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo);
        var password = colon >= 0 ? Uri.UnescapeDataString(userInfo[(colon + 1)..]) : null;
        var (host, portText) = SplitHostPort(hostPort);
        if (host.Length == 0)
        {
            error = "the store URL names no host (postgres://user:password@host:port/database)";
            return false;
        }
        var port = DefaultPort;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"the store URL's port for host {host} must be a number from 1 to 65535, got '{portText}'";
            return false;
        }
        if (username.Length == 0)
        {
            error = $"the store URL for host {host} names no user (postgres://user:password@{host}:{port}/database)";
            return false;
        }
        if (database.Length == 0)
        {
            error = $"the store URL for host {host} names no database (postgres://user:password@{host}:{port}/database)";
            return false;
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Username = username,
            Password = password,
            Database = database,
            Timeout = (int)DefaultConnectTimeout.TotalSeconds,
            MaxAutoPrepare = DefaultMaxAutoPrepare,
            // A pooled connection goes back without a reset (no DISCARD): the store keeps no session state (no SET, no
            // temporary tables, no session lock outside the migrations, which release theirs), and prepared statements stay.
            NoResetOnClose = true,
        };
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals >= 0 ? pair[..equals] : pair);
            try
            {
                builder[key] = Uri.UnescapeDataString(equals >= 0 ? pair[(equals + 1)..] : "true");
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                error = $"the store URL for host {host} has an unknown or invalid setting '{key}'";
                return false;
            }
        }
        options = new PostgresStoreOptions(builder.ConnectionString, host, port, database, username);
        error = null;
        return true;
    }

    private static (string Host, string? Port) SplitHostPort(string hostPort)
    {
        if (hostPort.StartsWith('['))
        {
            // [IPv6]:port
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return (hostPort, null);
            }
            var after = hostPort[(close + 1)..];
            return (hostPort[1..close], after.StartsWith(':') ? after[1..] : null);
        }
        var colon = hostPort.LastIndexOf(':');
        return colon >= 0 ? (Uri.UnescapeDataString(hostPort[..colon]), hostPort[(colon + 1)..]) : (Uri.UnescapeDataString(hostPort), null);
    }
}
