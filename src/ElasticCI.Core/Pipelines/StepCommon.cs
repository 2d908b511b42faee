using System.Text.Json.Nodes;

namespace ElasticCI.Pipelines;

/// <summary>Attributes shared by step types. For command steps the key and label are also on <see cref="CommandStep"/>.</summary>
/// <param name="Key">The step's <c>key</c> (or <c>id</c>/<c>identifier</c>).</param>
/// <param name="Label">The step's title (<c>label</c>/<c>name</c>, or the value of <c>block:</c>/<c>group:</c>…).</param>
/// <param name="DependsOn">Explicit <c>depends_on</c> with each entry's <c>allow_failure</c>; null when the step does not say.</param>
/// <param name="AllowDependencyFailure">Run even when a dependency failed.</param>
/// <param name="If">The <c>if</c> expression (already checked to parse), or null.</param>
/// <param name="Branches">Branch patterns (<c>*</c> wildcard, <c>!</c> negation), or null for all branches.</param>
/// <param name="Skip">Null when not skipped; otherwise the reason ("" for <c>skip: true</c>).</param>
/// <param name="IfChanged">The agent-applied <c>if_changed</c> as written; kept, not evaluated.</param>
/// <param name="Notify">Step <c>notify</c> as written.</param>
internal sealed record StepCommon(
    string? Key,
    string? Label,
    IReadOnlyList<StepDependency>? DependsOn,
    bool AllowDependencyFailure,
    string? If,
    IReadOnlyList<string>? Branches,
    string? Skip,
    JsonNode? IfChanged,
    JsonNode? Notify)
{
    public static StepCommon Empty { get; } = new(null, null, null, false, null, null, null, null, null);
}
