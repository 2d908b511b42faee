namespace ElasticCI.Agent.Jobs.Hooks;

/// <summary>One hook file found for a phase.</summary>
/// <param name="Phase">Hook name, e.g. <c>pre-command</c>.</param>
/// <param name="Scope">Where it came from, as shown in the log: <c>global</c>, <c>local</c> or <c>plugin &lt;name&gt;</c>.</param>
/// <param name="Path">Absolute path of the hook file.</param>
/// <param name="Environment">Variables only this hook sees (a plugin's configuration); they do not leak into later phases.</param>
internal sealed record Hook(string Phase, string Scope, string Path, IReadOnlyDictionary<string, string>? Environment);
