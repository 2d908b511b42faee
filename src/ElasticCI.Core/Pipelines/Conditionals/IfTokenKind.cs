namespace ElasticCI.Pipelines.Conditionals;

internal enum IfTokenKind
{
    Identifier,
    String,
    Number,
    Regex,
    Operator,
    End,
}
