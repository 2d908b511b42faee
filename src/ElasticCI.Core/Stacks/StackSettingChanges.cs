using System.Reflection;
using ElasticCI.Scaling;

namespace ElasticCI.Stacks;

/// <summary>The settings that differ between two versions of a stack, named as in <c>elastic-ci.yml</c> (sizing ones by their own names).</summary>
internal static class StackSettingChanges
{
    public static IReadOnlyList<string> Between(StackDefinition before, StackDefinition after)
        => [.. Compare(before, after, typeof(StackDefinition)), .. Compare(before.Scaling, after.Scaling, typeof(ScalingParameters)),
            .. Compare(before.ProviderSettings, after.ProviderSettings)];

    /// <summary>Provider settings by their own names (<c>Isolation sandbox → none</c>).</summary>
    private static IEnumerable<string> Compare(StackProviderSettings before, StackProviderSettings after)
        => before.Values.Keys.Union(after.Values.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(name => before[name] != after[name])
            .Select(name => $"{name} {before[name] ?? "(none)"} → {after[name] ?? "(none)"}");

    private static IEnumerable<string> Compare(object before, object after, Type type)
        => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.PropertyType != typeof(ScalingParameters) && p.PropertyType != typeof(StackProviderSettings))
            .Where(p => !Equals(p.GetValue(before), p.GetValue(after)))
            .Select(p => $"{p.Name} {p.GetValue(before) ?? "(none)"} → {p.GetValue(after) ?? "(none)"}");
}
