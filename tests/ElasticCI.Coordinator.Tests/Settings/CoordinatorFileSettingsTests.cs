using ElasticCI.Coordinator.Settings;

namespace ElasticCI.Coordinator.Tests.Settings;

public sealed class CoordinatorFileSettingsTests
{
    [Fact]
    public void Read_Section_KeysCaseInsensitiveAndCanonical()
    {
        var (settings, errors) = CoordinatorFileSettings.Read("stacks: []\ncoordinator:\n  listen: 0.0.0.0:9000\n  DATADIR: /srv\n", "f.yml");

        Assert.Empty(errors);
        Assert.Equal("0.0.0.0:9000", settings["Listen"]);
        Assert.Equal("/srv", settings["DataDir"]);
    }

    [Fact]
    public void Read_NoSection_IsEmpty()
    {
        var (settings, errors) = CoordinatorFileSettings.Read("stacks: []\nMaxInstances: 3\n", "f.yml");

        Assert.Empty(errors);
        Assert.Empty(settings);
    }

    [Theory]
    [InlineData("coordinator:\n  Lisen: x\n", "f.yml:2: unknown coordinator key 'Lisen' (known: DataDir, Listen, Port, Store,")]
    [InlineData("coordinator:\n  Listen: [a, b]\n", "f.yml:2: coordinator.Listen must be a single value")]
    [InlineData("coordinator: 3\n", "f.yml:1: 'coordinator' must be a mapping of settings")]
    [InlineData("coordinator:\n  Store: a\n  store: b\n", "f.yml:3: coordinator.Store is given twice")]
    public void Read_BadSection_SaysWhere(string yaml, string expected)
    {
        var (_, errors) = CoordinatorFileSettings.Read(yaml, "f.yml");

        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
    }
}
