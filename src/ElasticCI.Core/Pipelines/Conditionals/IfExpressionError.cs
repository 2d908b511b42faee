namespace ElasticCI.Pipelines.Conditionals;

/// <summary>Why an <c>if</c> expression does not parse; <see cref="Column"/> is 1-based within the expression.</summary>
internal sealed record IfExpressionError(int Column, string Message)
{
    public override string ToString() => $"invalid if expression at column {Column}: {Message}";
}
