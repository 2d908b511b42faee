namespace ElasticCI.Stacks;

public sealed class StackSettingChangesTests
{
    private static readonly StackDefinition Before = new() { Name = "s", Queue = "q", Scaling = new() { MaxSize = 6 } };

    [Fact]
    public void Between_SizingAndStackSettingChanged_NamesEachByItsOwnName()
    {
        var after = Before with { InstanceType = "large", Scaling = Before.Scaling with { MaxSize = 4 } };

        Assert.Equal(["InstanceType local → large", "MaxSize 6 → 4"], StackSettingChanges.Between(Before, after));
    }

    [Fact]
    public void Between_Equal_Nothing()
        => Assert.Empty(StackSettingChanges.Between(Before, Before with { Scaling = Before.Scaling with { } }));
}
