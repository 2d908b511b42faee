namespace ElasticCI.Scaling;

public sealed class InstanceBudgetShareTests
{
    [Theory]
    // max, stacks, index, share
    [InlineData(4, 2, 0, 2)]
    [InlineData(4, 2, 1, 2)]
    [InlineData(5, 2, 0, 3)]
    [InlineData(5, 2, 1, 2)]
    [InlineData(1, 3, 2, 0)]
    public void Share_RemainderGoesToFirstStacks(int max, int count, int index, int share)
        => Assert.Equal(share, InstanceBudgetShare.Share(max, count, index));

    [Fact]
    public void Allow_BudgetFree_GrantsAll()
    {
        var (allowed, _) = InstanceBudgetShare.Allow(10, [(0, 3), (0, 0)], 0, 3);

        Assert.Equal(3, allowed);
    }

    [Fact]
    public void Allow_OtherStackIdle_MayUseWholeBudget()
    {
        var (allowed, explanation) = InstanceBudgetShare.Allow(4, [(0, 6), (0, 0)], 0, 6);

        Assert.Equal(4, allowed);
        Assert.Contains("MaxInstances 4", explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_OtherStackWantsItsShare_BeyondOwnShareIsReserved()
    {
        // Stack 0 has 2 (its share), stack 1 has 0 but wants 3: its share of 2 is reserved.
        var (allowed, _) = InstanceBudgetShare.Allow(4, [(2, 5), (0, 3)], 0, 3);

        Assert.Equal(0, allowed);
    }

    [Fact]
    public void Allow_BelowOwnShare_GetsShareEvenWhenOthersWantMore()
    {
        var (allowed, _) = InstanceBudgetShare.Allow(4, [(1, 3), (0, 9)], 1, 9);

        Assert.Equal(2, allowed);
    }

    [Fact]
    public void Allow_BudgetExhaustedByOthers_NothingEvenBelowShare()
    {
        // Instances already running are never taken away: stack 1 waits until stack 0's drain.
        var (allowed, _) = InstanceBudgetShare.Allow(4, [(4, 4), (0, 2)], 1, 2);

        Assert.Equal(0, allowed);
    }

    [Fact]
    public void Allow_SumOfGrantsNeverExceedsBudget()
    {
        var stacks = new List<(int Active, int Wanted)> { (0, 5), (0, 5), (0, 5) };
        var granted = 0;
        for (var i = 0; i < stacks.Count; i++)
        {
            var (allowed, _) = InstanceBudgetShare.Allow(7, stacks, i, 5);
            stacks[i] = (allowed, 5);
            granted += allowed;
        }

        Assert.Equal(7, granted);
        Assert.Equal([3, 2, 2], stacks.Select(s => s.Active));
    }
}
