using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>The build a trigger job creates: pipeline slug, whether to wait for it, and its attributes.</summary>
internal sealed record TriggerSpec(string Pipeline, bool Async, TriggerBuild Build);
