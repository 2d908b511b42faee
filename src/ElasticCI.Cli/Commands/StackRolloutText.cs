using ElasticCI.Protocol;
using ElasticCI.Protocol.Stacks;

namespace ElasticCI.Cli.Commands;

/// <summary>The revision / rolling-update line of <c>stack status</c>.</summary>
internal static class StackRolloutText
{
    public static string Describe(StackStatusDto stack)
    {
        if (stack.Outdated == 0)
        {
            return $"  Revision {stack.Revision ?? "-"}: every instance is up to date";
        }
        var live = stack.Instances.Count(i => !TerminalStates.IsInstanceGone(i.State));
        return $"  Revision {stack.Revision}: rolling update in progress, {live - stack.Outdated}/{live} instances updated, {stack.Outdated} outdated"
            + (stack.Rollout is null ? "" : $"\n  Last step: {stack.Rollout}");
    }
}
