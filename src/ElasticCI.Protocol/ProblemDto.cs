namespace ElasticCI.Protocol;

/// <summary>An RFC 9457 problem, as every refused request answers.</summary>
/// <param name="Title">One-line summary.</param>
/// <param name="Status">HTTP status code.</param>
/// <param name="Detail">What exactly was wrong; for pipelines, every error with its line.</param>
/// <param name="Errors">Individual problems, one line each, when there are several.</param>
public sealed record ProblemDto(string? Title, int? Status, string? Detail, IReadOnlyList<string>? Errors);
