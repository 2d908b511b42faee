using ElasticCI.Stacks;

namespace ElasticCI.Secrets;

public sealed class SecretsPrefixGrantsTests
{
    [Fact]
    public void IsGranted_OwnSlugAlways_OthersOnlyWhenGranted()
    {
        var grants = SecretsPrefixGrants.Parse("web=shared, web-staging/ ; api=shared", "ci", []);

        Assert.True(grants.IsGranted("web", "web"));
        Assert.True(grants.IsGranted("web", "shared"));
        Assert.True(grants.IsGranted("web", "web-staging"));
        Assert.True(grants.IsGranted("api", "shared"));
        Assert.False(grants.IsGranted("api", "web-staging"));
        Assert.False(grants.IsGranted("other", "shared"));
        Assert.False(SecretsPrefixGrants.None.IsGranted("b", "a"));
        Assert.Equal(["shared", "web-staging"], grants.GrantedTo("web"));
    }

    [Theory]
    [InlineData("web", "ci: SecretsPrefixGrants entry 'web' must be pipeline=prefix[,prefix...]")]
    [InlineData("=x", "ci: SecretsPrefixGrants entry '=x' must be pipeline=prefix[,prefix...]")]
    [InlineData("web=", "ci: SecretsPrefixGrants entry 'web=' must be pipeline=prefix[,prefix...]")]
    public void Parse_Malformed_NamesTheEntry(string text, string expected)
    {
        var errors = new List<string>();
        SecretsPrefixGrants.Parse(text, "ci", errors);

        Assert.Equal([expected], errors);
    }

    [Fact]
    public void Parse_PrefixEscapingTheStore_Refused()
    {
        var errors = new List<string>();
        SecretsPrefixGrants.Parse("web=../etc", "ci", errors);

        Assert.Single(errors);
        Assert.StartsWith("ci: SecretsPrefixGrants prefix '../etc' of pipeline 'web' is not a usable secrets prefix", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void StackConfig_SecretsPrefixGrants_ReadAndChecked()
    {
        var (stacks, errors) = StackParsing.Parse("stacks: [{Name: ci, SecretsPrefixGrants: 'web=shared'}]", "elastic-ci.yml");
        Assert.Empty(errors);
        Assert.Equal("web=shared", Assert.Single(stacks).SecretsPrefixGrants);

        Assert.NotEmpty(StackParsing.Parse("stacks: [{Name: ci, SecretsPrefixGrants: 'web'}]", "elastic-ci.yml").Errors);
    }
}
