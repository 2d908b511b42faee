using static ElasticCI.Stacks.StackParsing;

namespace ElasticCI.Stacks;

/// <summary>Provider-specific stack settings through the parser, with the test provider <c>cloud</c> (settings Zone and Spot).</summary>
public sealed class StackProviderSettingsTests
{
    private const string File = "elastic-ci.yml";

    [Fact]
    public void Parse_Section_ReadsTheProvidersSettingsCaseInsensitively()
    {
        var stack = ParseOne("stacks: [{Name: ci, Provider: cloud, ProviderSettings: {cloud: {zone: ZONE-B, SPOT: true}}}]");

        Assert.Equal("zone-b", stack.ProviderSettings["Zone"]);
        Assert.Equal("true", stack.ProviderSettings["spot"]);
    }

    [Fact]
    public void Parse_NoSettings_TheProvidersDefaults()
        => Assert.Equal("Spot=false, Zone=zone-a", ParseOne("stacks: [{Name: ci, Provider: cloud}]").ProviderSettings.ToString());

    [Fact]
    public void Parse_TopLevelKey_SameAsInTheSection()
        => Assert.Equal(
            ParseOne("stacks: [{Name: ci, Provider: cloud, ProviderSettings: {cloud: {Zone: zone-c}}}]"),
            ParseOne("stacks: [{Name: ci, Provider: cloud, Zone: zone-c}]"));

    [Fact]
    public void Parse_ProviderWithoutSettings_None()
        => Assert.Empty(ParseOne("stacks: [{Name: ci}]").ProviderSettings.Values);

    [Fact]
    public void Parse_UnknownKeyInSection_RefusedNamingStackKeyAndProvider()
        => AssertErrors("stacks: [{Name: ci, Provider: cloud, ProviderSettings: {cloud: {Region: eu}}}]",
            "elastic-ci.yml:1: stack 'ci': unknown setting 'Region' in ProviderSettings.cloud (provider cloud has: Zone, Spot)");

    [Fact]
    public void Parse_MalformedValueInSection_RefusedNamingStackKeyAndProvider()
        => AssertErrors("stacks: [{Name: ci, Provider: cloud, ProviderSettings: {cloud: {Spot: maybe}}}]",
            "elastic-ci.yml:1: stack 'ci': ProviderSettings.cloud.Spot must be true or false, got 'maybe'");

    [Fact]
    public void Parse_ValueTheProviderRefuses_RefusedByItsValidation()
        => AssertErrors("stacks: [{Name: ci, Provider: cloud, ProviderSettings: {cloud: {Zone: mars}}}]",
            "elastic-ci.yml: stack 'ci': Zone 'mars' is not a zone (zone-...)");

    [Fact]
    public void Parse_SectionOfAnotherProvider_RefusedNamingStackKeyAndProvider()
        => AssertErrors("stacks: [{Name: ci, ProviderSettings: {cloud: {Zone: zone-b}}}]",
            "elastic-ci.yml:1: stack 'ci': ProviderSettings.cloud.Zone is a setting of provider cloud, but the stack's Provider is 'local'");

    [Fact]
    public void Parse_TopLevelKeyOfAnotherProvider_RefusedNamingStackKeyAndProvider()
        => AssertErrors("stacks: [{Name: ci, Zone: zone-b}]",
            "elastic-ci.yml:1: stack 'ci': Zone is a setting of provider cloud, but the stack's Provider is 'local'");

    [Fact]
    public void Parse_UnknownProviderInSection_RefusedNamingTheKnownOnes()
        => AssertErrors("stacks: [{Name: ci, ProviderSettings: {gcp: {Zone: a}}}]",
            "elastic-ci.yml:1: stack 'ci': ProviderSettings names provider 'gcp', which is not known (known: cloud, local)");

    [Fact]
    public void Parse_SettingGivenTwice_Refused()
        => AssertErrors("stacks: [{Name: ci, Provider: cloud, Zone: zone-b, ProviderSettings: {cloud: {zone: zone-c}}}]",
            "elastic-ci.yml:1: stack 'ci': provider setting 'Zone' is given twice (at the top level and in ProviderSettings, or twice in ProviderSettings)");

    [Theory]
    [InlineData("ProviderSettings: zone-b", "ProviderSettings must be a mapping of provider name to its settings")]
    [InlineData("ProviderSettings: {cloud: zone-b}", "ProviderSettings.cloud must be a mapping of setting name to value")]
    public void Parse_SectionNotAMapping_Refused(string section, string expected)
        => Assert.Contains(Parse($"stacks: [{{Name: ci, Provider: cloud, {section}}}]", File).Errors, e => e.Contains(expected, StringComparison.Ordinal));

    [Fact]
    public void Parse_KeyNoProviderDeclares_StillAnUnknownParameter()
        => AssertErrors("stacks: [{Name: ci, Provider: cloud, Zoen: zone-b}]", "elastic-ci.yml:1: stack 'ci': unknown parameter 'Zoen'");

    [Fact]
    public void Parse_UnknownProviderWithASetting_OnlyTheProviderRefused()
        => AssertErrors("stacks: [{Name: ci, Provider: gcp, Zone: zone-b}]", "elastic-ci.yml: stack 'ci': Provider 'gcp' is not known (known: cloud, local)");

    [Fact]
    public void InstanceRevision_ProviderField_ChangesTheRevisionAndIsNamed()
    {
        var before = ParseOne("stacks: [{Name: ci, Provider: cloud}]");
        var after = ParseOne("stacks: [{Name: ci, Provider: cloud, Zone: zone-b}]");

        Assert.NotEqual(InstanceRevision.Of(before), InstanceRevision.Of(after));
        Assert.Equal(["Zone"], InstanceRevision.Changes(before, after));
        Assert.Equal(["Zone zone-a → zone-b"], StackSettingChanges.Between(before, after));
    }

    [Fact]
    public void InstanceRevision_SettingOutsideTheInstance_SameRevision()
        => Assert.Equal(
            InstanceRevision.Of(ParseOne("stacks: [{Name: ci, Provider: cloud}]")),
            InstanceRevision.Of(ParseOne("stacks: [{Name: ci, Provider: cloud, Spot: true}]")));

    private static StackDefinition ParseOne(string yaml)
    {
        var (stacks, errors) = Parse(yaml, File);
        Assert.Empty(errors);
        return Assert.Single(stacks);
    }

    private static void AssertErrors(string yaml, params string[] expected)
        => Assert.Equal(expected, Parse(yaml, File).Errors);
}
