using ElasticCI.Stacks;

namespace ElasticCI.Compute;

/// <summary>
/// Registered next to each <see cref="IComputeProvider"/>: its configuration name, readable from the service collection
/// before anything is built, so stack validation knows the providers that exist without starting one; the stack settings
/// it owns and its rules for them; and its check of what the host offers a stack that names it (a problem to refuse the
/// start with, or null).
/// </summary>
internal sealed record ComputeProviderRegistration(string Name, Func<StackDefinition, string?>? CheckStack = null)
{
    /// <summary>The provider-specific settings its stacks may set (<see cref="StackDefinition.ProviderSettings"/>).</summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<ProviderStackSetting> Settings { get; init; } = [];

    /// <summary>
    /// The provider's rules for a stack that names it: its settings' values and combinations, and the stack parameters it
    /// cannot honour. Each problem is added as <c>{where}: ...</c>; none stops the others.
    /// </summary>
    public Action<StackDefinition, string, List<string>>? Validate { get; init; }

    /// <summary>
    /// The settings baked into an instance when it is launched, in a fixed order, for its <see cref="InstanceRevision"/>;
    /// an empty value leaves no line (so a stack keeps the revision it had before a setting existed).
    /// </summary>
    public Func<StackProviderSettings, IEnumerable<(string Name, string Value)>>? InstanceFields { get; init; }

    /// <summary>The setting named <paramref name="name"/> (any case), or null.</summary>
    public ProviderStackSetting? FindSetting(string name)
        => Settings.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
