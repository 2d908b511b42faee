namespace ElasticCI.Builds;

/// <summary>A step left out of the build because its <c>if</c> or <c>branches</c> did not match; shown, never run.</summary>
internal sealed record OmittedStep(int Line, int Column, string? Key, string? Label, string Reason);
