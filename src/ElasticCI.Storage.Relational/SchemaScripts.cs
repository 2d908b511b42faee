using System.Reflection;

namespace ElasticCI.Storage.Relational;

/// <summary>
/// A store's migrations: the <c>Schema/NNN_name.sql</c> files its project embeds (logical name <c>Schema.NNN_name.sql</c>),
/// in version order. The scripts stay per store (the engines' DDL differs); reading them is shared.
/// </summary>
internal static class SchemaScripts
{
    public static IEnumerable<(int Version, string Sql)> Read(Assembly assembly)
    {
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Schema.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            // "Schema.001_initial.sql" → 1
            var version = int.Parse(name.AsSpan(7, 3), provider: null);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (version, reader.ReadToEnd());
        }
    }
}
