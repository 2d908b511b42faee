namespace ElasticCI.Lifecycle;

public sealed class ClaimChoiceTests
{
    private static readonly Dictionary<string, string> Linux = new(StringComparer.Ordinal) { ["queue"] = "default", ["os"] = "linux" };

    [Fact]
    public async Task ChooseAsync_FirstMatchingCandidate_Chosen()
    {
        var candidates = new[] { Candidate("mac", os: "mac"), Candidate("any"), Candidate("later") };

        Assert.Equal("any", await ClaimChoice.ChooseAsync(candidates, Linux, new Facts(), CancellationToken.None));
    }

    [Fact]
    public async Task ChooseAsync_HigherPriorityIdleAgentMatches_LeavesItToThem()
    {
        var facts = new Facts { Higher = [new Dictionary<string, string>(StringComparer.Ordinal) { ["queue"] = "default", ["os"] = "linux" }] };

        Assert.Null(await ClaimChoice.ChooseAsync([Candidate("j", os: "linux")], Linux, facts, CancellationToken.None));
    }

    [Fact]
    public async Task ChooseAsync_GroupFull_SkipsToNextCandidate()
    {
        var facts = new Facts { Active = 1 };
        var candidates = new[] { Candidate("grouped", group: "deploy"), Candidate("free") };

        Assert.Equal("free", await ClaimChoice.ChooseAsync(candidates, Linux, facts, CancellationToken.None));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("eager", "younger")]
    [InlineData("1", "younger")]
    public async Task ChooseAsync_OrderedGroup_OnlyOldestTakesTheSlot(string? method, string? expected)
    {
        var facts = new Facts { Active = 0, Oldest = "older" };
        var candidates = new[] { Candidate("younger", group: "deploy", limit: 2, method: method) };

        Assert.Equal(expected, await ClaimChoice.ChooseAsync(candidates, Linux, facts, CancellationToken.None));
    }

    [Fact]
    public async Task ChooseAsync_NothingMatches_NeverAsksForHigherPriorityAgents()
    {
        var facts = new Facts();

        Assert.Null(await ClaimChoice.ChooseAsync([Candidate("mac", os: "mac")], Linux, facts, CancellationToken.None));
        Assert.Equal(0, facts.HigherAsked);
    }

    private static ClaimCandidate Candidate(string id, string? os = null, string? group = null, long? limit = null, string? method = null)
        => new(id, os is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal) { ["os"] = os },
            group, limit, method);

    private sealed class Facts : IClaimFacts
    {
        public IReadOnlyList<IReadOnlyDictionary<string, string>> Higher { get; init; } = [];

        public long Active { get; init; }

        public string? Oldest { get; init; }

        public int HigherAsked { get; private set; }

        public Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> HigherPriorityIdleAgentsAsync(CancellationToken cancellationToken)
        {
            HigherAsked++;
            return Task.FromResult(Higher);
        }

        public Task<long> ActiveInGroupAsync(string group, CancellationToken cancellationToken) => Task.FromResult(Active);

        public Task<string?> OldestScheduledInGroupAsync(string group, CancellationToken cancellationToken) => Task.FromResult(Oldest);
    }
}
