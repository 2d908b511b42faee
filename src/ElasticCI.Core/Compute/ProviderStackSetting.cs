using ElasticCI.Stacks;

namespace ElasticCI.Compute;

/// <summary>
/// One stack setting a compute provider declares for the stacks that use it (docs/configuration.md, "Provider
/// settings"): written under <c>ProviderSettings: {provider: {Name: value}}</c> or, for the provider's legacy keys,
/// at the stack's top level. The provider's <see cref="ComputeProviderRegistration.Validate"/> checks the values.
/// </summary>
/// <param name="Name">The setting's name as documented (matched case-insensitively).</param>
/// <param name="Summary">One line saying what it does.</param>
/// <param name="Default">The value of a stack that does not set it, as written in YAML.</param>
/// <param name="Read">Reads a YAML value into the setting's canonical text; a malformed value adds an error and returns null.</param>
internal sealed record ProviderStackSetting(string Name, string Summary, string Default, Func<StackValue, string?> Read)
{
    /// <summary>A non-empty string; <paramref name="lowerCase"/> for names of values (matched case-insensitively).</summary>
    public static ProviderStackSetting Text(string name, string summary, string defaultValue, bool lowerCase = false)
        => new(name, summary, defaultValue, v => v.Text() is { } text ? lowerCase ? text.ToLowerInvariant() : text : null);

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static ProviderStackSetting Boolean(string name, string summary, bool defaultValue)
        => new(name, summary, defaultValue ? "true" : "false", v => v.Boolean() is { } value ? value ? "true" : "false" : null);
}
