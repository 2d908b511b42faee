using System.Globalization;
using ElasticCI.Coordinator.Composition;

namespace ElasticCI.Coordinator.Settings;

/// <summary>
/// Every coordinator setting that the config file, the environment and the flags can give. Precedence: flag >
/// <c>ELASTIC_CI_*</c> variable > <c>coordinator:</c> section of the config file > default (docs/configuration.md).
/// Values are checked here for their shape (a number, a boolean); ranges and combinations are the options validator's.
/// </summary>
internal static class CoordinatorSettings
{
    public static IReadOnlyList<CoordinatorSetting> All { get; } =
    [
        new("DataDir", "--data-dir", (v, o) => Text(v, x => o.DataDirectory = x)),
        new("Listen", "--listen", (v, o) => Text(v, x => o.Listen = x)),
        // Replaces the port of Listen (containers set only a port); a Listen given with higher precedence wins over it.
        new(PortKey, null, (v, o) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? Set(() => o.Listen = WithPort(o.Listen, port)) : "must be a port number from 0 to 65535"),
        new("Store", "--store", (v, o) => Text(v, x => o.Store = x)),
        new("HeartbeatInterval", "--heartbeat-interval", (v, o) => Seconds(v, x => o.HeartbeatInterval = x)),
        new("AgentLostAfter", "--agent-lost-after", (v, o) => Seconds(v, x => o.AgentLostAfter = x)),
        new("MetricsPollDuration", "--metrics-poll-duration", (v, o) => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            ? Set(() => o.MetricsPollDuration = TimeSpan.FromSeconds(s)) : "must be a whole number of seconds"),
        new("MetricsUnauthenticated", "--metrics-unauthenticated", (v, o) => Boolean(v, x => o.MetricsUnauthenticated = x)),
        new("OtlpEndpoint", "--otlp-endpoint", (v, o) => Text(v, x => o.OtlpEndpoint = x)),
        new("MaxJobLogBytes", "--max-job-log-bytes", (v, o) => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? Set(() => o.MaxJobLogBytes = n) : "must be a whole number of bytes"),
        new("MaxJobsPerBuild", "--max-jobs-per-build", (v, o) => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? Set(() => o.MaxJobsPerBuild = n) : "must be a whole number"),
        new("Dashboard", null, (v, o) => Boolean(v, x => o.Dashboard = x)),
        new("ReplicaId", "--replica-id", (v, o) => Text(v, x => o.ReplicaId = x)),
    ];

    public const string PortKey = "Port";

    /// <summary>The setting with <paramref name="key"/> (case-insensitive), or null.</summary>
    public static CoordinatorSetting? Find(string key) => All.FirstOrDefault(s => s.Key.Equals(key, StringComparison.OrdinalIgnoreCase));

    /// <summary>The known store names, for messages.</summary>
    public static string StoreNames => string.Join(", ", CoordinatorStores.Registrations.Keys);

    private static string? Set(Action set)
    {
        set();
        return null;
    }

    private static string? Text(string value, Action<string> set)
        => string.IsNullOrWhiteSpace(value) ? "must not be empty" : Set(() => set(value.Trim()));

    private static string? Seconds(string value, Action<TimeSpan> set)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && Math.Abs(seconds) < 1e9
            ? Set(() => set(TimeSpan.FromSeconds(seconds))) : "must be a number of seconds";

    private static string? Boolean(string value, Action<bool> set)
        => bool.TryParse(value, out var flag) ? Set(() => set(flag)) : "must be true or false";

    private static string WithPort(string listen, int port)
    {
        var colon = listen.LastIndexOf(':');
        return (colon > 0 ? listen[..colon] : listen) + ":" + port.ToString(CultureInfo.InvariantCulture);
    }
}
