namespace ElasticCI.Protocol.Jobs;

/// <summary>Body of <c>POST /api/agent/v1/job/annotations</c>.</summary>
/// <param name="Body">Markdown or HTML body (at most 1 MiB).</param>
/// <param name="Style"><c>default</c>, <c>info</c>, <c>warning</c>, <c>error</c> or <c>success</c>; null means <c>default</c>.</param>
/// <param name="Context">Annotation context; a later annotation with the same context replaces (or appends to) it. Null means <c>default</c>.</param>
/// <param name="Append">Append the body to the existing annotation of this context instead of replacing it.</param>
public sealed record AnnotateRequest(string Body, string? Style, string? Context, bool Append);
