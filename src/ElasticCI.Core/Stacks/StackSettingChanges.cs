using System.Reflection;
using ElasticCI.Scaling;

namespace ElasticCI.Stacks;

/// <summary>The settings that differ between two versions of a stack, named as in <c>elastic-ci.yml</c> (sizing ones by their own names).</summary>
internal static class StackSettingChanges
{
    public static IReadOnlyList<string> Between(StackDefinition before, StackDefinition after)
        => [.. Compare(before, after, typeof(StackDefinition)), .. Compare(before.Scaling, after.Scaling, typeof(ScalingParameters))];

    private static IEnumerable<string> Compare(object before, object after, Type type)
        => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.PropertyType != typeof(ScalingParameters))
            .Where(p => !Equals(p.GetValue(before), p.GetValue(after)))
            .Select(p => $"{p.Name} {p.GetValue(before) ?? "(none)"} → {p.GetValue(after) ?? "(none)"}");
}
