using System.Collections.Immutable;
using System.Globalization;

namespace ElasticCI.Stacks;

/// <summary>
/// A stack's provider-specific settings (<c>ProviderSettings: {provider: {...}}</c>): setting name → value as written in
/// YAML (canonical case), read and defaulted by the parser from what the stack's provider declares
/// (<see cref="Compute.ComputeProviderRegistration.Settings"/>). Core never interprets a value; the provider does.
/// Two instances are equal when their values are.
/// </summary>
internal sealed record StackProviderSettings
{
    private static readonly ImmutableSortedDictionary<string, string> NoValues = ImmutableSortedDictionary.Create<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>No settings: a stack built in code, or of a provider that declares none.</summary>
    public static StackProviderSettings None { get; } = new();

    /// <summary>The values by setting name (case-insensitive).</summary>
    public ImmutableSortedDictionary<string, string> Values { get; init; } = NoValues;

    /// <summary>The provider's instance-revision fields (<see cref="Compute.ComputeProviderRegistration.InstanceFields"/>); not part of equality.</summary>
    public Func<StackProviderSettings, IEnumerable<(string Name, string Value)>>? InstanceFields { get; init; }

    /// <summary>The value of <paramref name="name"/> (any case), or null when the stack does not have it.</summary>
    public string? this[string name] => Values.GetValueOrDefault(name);

    public StackProviderSettings With(string name, string value) => this with { Values = Values.SetItem(name, value) };

    /// <summary>The provider's fields for the instance revision, none when the stack was not completed by its provider.</summary>
    public IEnumerable<(string Name, string Value)> RevisionFields() => InstanceFields?.Invoke(this) ?? [];

    public bool Equals(StackProviderSettings? other)
        => other is not null && Values.Count == other.Values.Count
            && Values.All(kv => other.Values.TryGetValue(kv.Key, out var value) && string.Equals(kv.Value, value, StringComparison.Ordinal));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in Values)
        {
            hash.Add(key.ToUpperInvariant());
            hash.Add(value);
        }
        return hash.ToHashCode();
    }

    public override string ToString()
        => string.Join(", ", Values.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}")));
}
