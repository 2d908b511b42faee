namespace ElasticCI.Builds;

/// <summary>What a planned job is: work for an agent, a manual gate, or a build of another pipeline.</summary>
internal enum JobKind
{
    /// <summary>Runs on an agent.</summary>
    Command,

    /// <summary>A <c>block</c> step: waits for a person to unblock it; later steps wait for it like a <c>wait</c>.</summary>
    Block,

    /// <summary>An <c>input</c> step: waits for a person; only steps that depend on it wait for it.</summary>
    Input,

    /// <summary>A <c>trigger</c> step: the coordinator creates a build of another pipeline.</summary>
    Trigger,
}
