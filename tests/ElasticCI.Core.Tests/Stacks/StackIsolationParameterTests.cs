namespace ElasticCI.Stacks;

public sealed class StackIsolationParameterTests
{
    private const string File = "elastic-ci.yml";

    [Fact]
    public void Parse_NoIsolation_Sandbox()
        => Assert.Equal(StackIsolation.Sandbox, Assert.Single(StackConfigParser.Parse("stacks: [{Name: ci}]", File).Stacks).Isolation);

    [Theory]
    [InlineData("none", "none")]
    [InlineData("None", "none")]
    [InlineData("SANDBOX", "sandbox")]
    public void Parse_KnownIsolation_ReadCaseInsensitively(string value, string expected)
    {
        var (stacks, errors) = StackConfigParser.Parse($"stacks: [{{Name: ci, Isolation: {value}}}]", File);

        Assert.Empty(errors);
        Assert.Equal(expected, Assert.Single(stacks).Isolation);
    }

    [Fact]
    public void Parse_UnknownIsolation_RefusedNamingTheKnownValues()
    {
        var errors = StackConfigParser.Parse("stacks: [{Name: ci, Isolation: chroot}]", File).Errors;

        Assert.Contains(errors, e => e.Contains("Isolation 'chroot' is not known (known: sandbox, none)", StringComparison.Ordinal));
    }

    [Fact]
    public void InstanceRevision_IsolationChanged_NewRevision()
    {
        var stack = new StackDefinition { Name = "ci" };

        Assert.NotEqual(InstanceRevision.Of(stack), InstanceRevision.Of(stack with { Isolation = StackIsolation.None }));
        Assert.Contains("Isolation", InstanceRevision.Changes(stack, stack with { Isolation = StackIsolation.None }));
    }
}
