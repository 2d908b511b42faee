using ElasticCI.Stacks;

namespace ElasticCI.Compute;

/// <summary>The providers the coordinator has registered: the names a stack's <c>Provider</c> may take and the settings each owns.</summary>
internal sealed class ComputeProviderCatalog
{
    public ComputeProviderCatalog(IEnumerable<ComputeProviderRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        // The last registration of a name wins, as a caller's own registration replaces a default.
        All = [.. registrations.GroupBy(r => r.Name, StringComparer.Ordinal).Select(g => g.Last())];
        Names = All.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<ComputeProviderRegistration> All { get; }

    public IReadOnlySet<string> Names { get; }

    /// <summary>The names, sorted, for error messages.</summary>
    public string Known => string.Join(", ", Names.Order(StringComparer.Ordinal));

    /// <summary>The provider named <paramref name="name"/> (exact, as <c>Provider</c> is matched), or null.</summary>
    public ComputeProviderRegistration? Find(string name) => All.FirstOrDefault(r => r.Name == name);

    /// <summary>The first provider that declares a setting named <paramref name="setting"/>, or null when none does.</summary>
    public ComputeProviderRegistration? Declaring(string setting) => All.FirstOrDefault(r => r.FindSetting(setting) is not null);

    /// <summary>
    /// <paramref name="stack"/> with every setting of its provider: the values it gives, the provider's defaults for the
    /// others, and the provider's instance-revision fields. A stack of an unknown provider is returned as it is.
    /// </summary>
    public StackDefinition Complete(StackDefinition stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        if (Find(stack.Provider) is not { } provider)
        {
            return stack;
        }
        var settings = new StackProviderSettings { InstanceFields = provider.InstanceFields };
        foreach (var setting in provider.Settings)
        {
            settings = settings.With(setting.Name, stack.ProviderSettings[setting.Name] ?? setting.Default);
        }
        return stack with { ProviderSettings = settings };
    }
}
