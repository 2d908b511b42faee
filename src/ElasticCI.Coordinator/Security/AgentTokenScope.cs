namespace ElasticCI.Coordinator.Security;

/// <summary>
/// A named long-lived registration token for agents started by hand that registers agents only on <paramref name="Queues"/>
/// (the <c>agentTokens:</c> list of <c>elastic-ci.yml</c>). Its value lives in <c>&lt;data-dir&gt;/agent-tokens/NAME</c>.
/// </summary>
/// <param name="Name">The token's name: its file name and how messages and <c>token rotate agent --name</c> refer to it.</param>
/// <param name="Queues">The queues its agents may serve; at least one.</param>
internal sealed record AgentTokenScope(string Name, IReadOnlyList<string> Queues);
