using ElasticCI.Compute;
using ElasticCI.Coordinator.Composition;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Tests.Compute.Local;

/// <summary>The stack parser with the providers a coordinator registers (<c>local</c>, with its settings) and the fake one.</summary>
internal static class LocalStackParsing
{
    public const string File = "elastic-ci.yml";

    public static ComputeProviderCatalog Providers { get; } =
        new([.. ComputeProviderCatalogs.BuiltIn.All, new ComputeProviderRegistration(FakeComputeProvider.ProviderName)]);

    public static (IReadOnlyList<StackDefinition> Stacks, IReadOnlyList<string> Errors) Parse(string yaml)
        => StackConfigParser.Parse(yaml, File, Providers);

    public static StackDefinition ParseOne(string yaml)
    {
        var (stacks, errors) = Parse(yaml);
        Assert.Empty(errors);
        return Assert.Single(stacks);
    }

    /// <summary>A stack built in code with the local provider's settings <paramref name="settings"/> (name, value), the rest defaulted.</summary>
    public static StackDefinition With(StackDefinition stack, params (string Name, string Value)[] settings)
    {
        var values = stack.ProviderSettings;
        foreach (var (name, value) in settings)
        {
            values = values.With(name, value);
        }
        return Providers.Complete(stack with { ProviderSettings = values });
    }
}
