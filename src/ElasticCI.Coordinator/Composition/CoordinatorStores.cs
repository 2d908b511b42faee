using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Coordinator.Composition;

/// <summary>
/// The stores the coordinator can run on, by the name the <c>Store</c> setting uses (flag <c>--store</c>, key <c>Store</c>,
/// variable <c>ELASTIC_CI_STORE</c>). Each name maps to its backend's one registration call; a new store is one line here.
/// </summary>
internal static class CoordinatorStores
{
    public const string Sqlite = "sqlite";

    /// <summary>Name → registration (services, options, absolute data directory). Names compare case-insensitively.</summary>
    public static IReadOnlyDictionary<string, Action<IServiceCollection, CoordinatorOptions, string>> Registrations { get; } =
        new Dictionary<string, Action<IServiceCollection, CoordinatorOptions, string>>(StringComparer.OrdinalIgnoreCase)
        {
            [Sqlite] = (services, _, dataDirectory) => services.AddSqliteStore(Path.Combine(dataDirectory, CoordinatorHost.DatabaseFile)),
        };

    /// <summary>Runs the registration <paramref name="options"/>' <c>Store</c> names; the validator has refused unknown names before.</summary>
    public static void Add(IServiceCollection services, CoordinatorOptions options, string dataDirectory)
        => Registrations[options.Store](services, options, dataDirectory);
}
