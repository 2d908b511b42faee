namespace ElasticCI.Pipelines.Conditionals;

/// <summary>One token of an <c>if</c> expression; <see cref="Position"/> is 0-based in the text.</summary>
internal sealed record IfToken(IfTokenKind Kind, string Text, int Position, string Flags = "");
