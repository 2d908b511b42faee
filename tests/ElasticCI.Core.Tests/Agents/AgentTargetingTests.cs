namespace ElasticCI.Agents;

public sealed class AgentTargetingTests
{
    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["queue"] = "default",
        ["os"] = "linux",
        ["arch"] = "amd64",
    };

    [Fact]
    public void Matches_EmptyRules_True()
        => Assert.True(AgentTargeting.Matches(Rules(), Tags));

    [Fact]
    public void Matches_AllRulesMatch_True()
        => Assert.True(AgentTargeting.Matches(Rules(("os", "linux"), ("arch", "amd64")), Tags));

    [Fact]
    public void Matches_OneRuleDiffers_False()
        => Assert.False(AgentTargeting.Matches(Rules(("os", "linux"), ("arch", "arm64")), Tags));

    [Fact]
    public void Matches_ValueDiffersInCase_False()
        => Assert.False(AgentTargeting.Matches(Rules(("os", "Linux")), Tags));

    [Fact]
    public void Matches_StarRuleWithTagPresent_True()
        => Assert.True(AgentTargeting.Matches(Rules(("os", "*")), Tags));

    [Fact]
    public void Matches_StarRuleWithTagMissing_False()
        => Assert.False(AgentTargeting.Matches(Rules(("gpu", "*")), Tags));

    [Fact]
    public void Matches_TagMissing_False()
        => Assert.False(AgentTargeting.Matches(Rules(("os", "linux"), ("gpu", "true")), Tags));

    [Fact]
    public void Matches_NoTags_FalseUnlessNoRules()
    {
        Assert.False(AgentTargeting.Matches(Rules(("os", "linux")), Rules()));
        Assert.True(AgentTargeting.Matches(Rules(), Rules()));
    }

    private static Dictionary<string, string> Rules(params (string Key, string Value)[] rules)
        => rules.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
}
