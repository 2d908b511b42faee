namespace ElasticCI.Pipelines.Conditionals;

/// <summary>Thrown inside the tokenizer/parser only; <see cref="IfExpression.TryParse"/> turns it into an error value.</summary>
internal sealed class IfSyntaxException(int position, string message) : Exception(message)
{
    public int Position { get; } = position;
}
