using System.Reflection;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Tests.Hosting;

/// <summary>One EventId registry per assembly (<c>*EventIds</c>): every [LoggerMessage] uses one of its ids, no id twice anywhere.</summary>
public sealed class EventIdRegistryTests
{
    private static readonly string[] AssemblyNames =
        ["ElasticCI.Coordinator", "ElasticCI.Agent", "ElasticCI.Compute.Local", "ElasticCI.Core", "ElasticCI.Storage.Sqlite", "ElasticCI.Secrets", "ElasticCI.Storage.Postgres", "ElasticCI.Cluster.Postgres", "elastic-ci"];

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    private static IEnumerable<(Assembly Assembly, MethodInfo Method, int Id)> LogMethods() =>
        from name in AssemblyNames
        let assembly = Assembly.Load(name)
        from type in assembly.GetTypes()
        from method in type.GetMethods(Everything)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select (assembly, method, attribute.EventId);

    private static Type? Registry(Assembly assembly) => assembly.GetTypes().SingleOrDefault(t => t.Name.EndsWith("EventIds", StringComparison.Ordinal) && t.IsAbstract && t.IsSealed);

    private static Dictionary<string, int> Constants(Type registry) => registry.GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name is not ("First" or "Last")).ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

    [Fact]
    public void LoggerMessages_ThereAreSome()
        => Assert.True(LogMethods().Count() > 40);

    [Fact]
    public void LoggerMessages_NoEventIdUsedTwice_AcrossAssemblies()
    {
        var duplicates = LogMethods().GroupBy(m => m.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => $"{m.Method.DeclaringType!.FullName}.{m.Method.Name}"))}").ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void LoggerMessages_EachUsesAnIdOfItsAssemblysRegistry_AndEveryRegistryIdIsUsed()
    {
        foreach (var group in LogMethods().GroupBy(m => m.Assembly))
        {
            var registry = Registry(group.Key);
            Assert.True(registry is not null, $"{group.Key.GetName().Name} logs with [LoggerMessage] but has no *EventIds registry");
            var first = (int)registry.GetField("First")!.GetRawConstantValue()!;
            var last = (int)registry.GetField("Last")!.GetRawConstantValue()!;
            var ids = group.Select(m => m.Id).Order().ToList();
            Assert.All(ids, id => Assert.InRange(id, first, last));
            Assert.Equal(Constants(registry).Values.Order(), ids);
        }
    }

    [Fact]
    public void Registries_Ranges_DoNotOverlap()
    {
        var ranges = AssemblyNames.Select(n => Registry(Assembly.Load(n))).OfType<Type>()
            .Select(r => ((int)r.GetField("First")!.GetRawConstantValue()!, (int)r.GetField("Last")!.GetRawConstantValue()!)).Order().ToList();

        Assert.Equal(4, ranges.Count);
        Assert.All(ranges.Zip(ranges.Skip(1)), pair => Assert.True(pair.First.Item2 < pair.Second.Item1, $"{pair.First} overlaps {pair.Second}"));
    }
}
