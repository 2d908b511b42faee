using ElasticCI.Compute;

namespace ElasticCI.Stacks;

/// <summary>
/// The stack parsers with the providers Core's tests register: <c>local</c> by name only (the real provider's settings
/// are tested in ElasticCI.Coordinator.Tests, which registers it), and <c>cloud</c>, a provider with settings of its own.
/// </summary>
internal static class StackParsing
{
    public const string CloudProvider = "cloud";

    public static ComputeProviderCatalog Providers { get; } = new(
    [
        new ComputeProviderRegistration("local"),
        new ComputeProviderRegistration(CloudProvider)
        {
            Settings =
            [
                ProviderStackSetting.Text("Zone", "Where instances run.", "zone-a", lowerCase: true),
                ProviderStackSetting.Boolean("Spot", "Spot instances only.", false),
            ],
            Validate = (stack, where, errors) =>
            {
                if (stack.ProviderSettings["Zone"] is { } zone && !zone.StartsWith("zone-", StringComparison.Ordinal))
                {
                    errors.Add($"{where}: Zone '{zone}' is not a zone (zone-...)");
                }
            },
            InstanceFields = settings => [("Zone", settings["Zone"] ?? "")],
        },
    ]);

    public static (IReadOnlyList<StackDefinition> Stacks, IReadOnlyList<string> Errors) Parse(string yaml, string fileName)
        => StackConfigParser.Parse(yaml, fileName, Providers);

    public static (StackConfig Config, IReadOnlyList<string> Errors) ParseFile(string yaml, string fileName)
        => StackConfigFileParser.Parse(yaml, fileName, Providers);

    public static void Validate(IReadOnlyList<StackDefinition> stacks, string source, List<string> errors)
        => StackConfigParser.Validate(stacks, source, errors, Providers);
}
