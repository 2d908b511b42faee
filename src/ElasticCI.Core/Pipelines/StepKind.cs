namespace ElasticCI.Pipelines;

/// <summary>The type of one entry of <c>steps</c>, as the parser recognises it.</summary>
internal enum StepKind
{
    None,
    Command,
    Wait,
    Block,
    Input,
    Trigger,
    Group,
}
