using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>Accumulates every problem found while reading one pipeline file, so a user sees them all at once.</summary>
internal sealed class PipelineErrorCollector(string fileName)
{
    private readonly List<PipelineError> _errors = [];

    public int Count => _errors.Count;

    public void Add(Mark at, string? step, string message)
        => _errors.Add(new PipelineError(fileName, ToInt(at.Line), ToInt(at.Column), step, message));

    public void Add(YamlNode at, string? step, string message) => Add(at.Start, step, message);

    /// <summary>The errors in source order; the same problem reached twice (through an alias) is reported once.</summary>
    public IReadOnlyList<PipelineError> ToList()
        => [.. _errors.Distinct().OrderBy(e => e.Line).ThenBy(e => e.Column)];

    private static int ToInt(long value) => (int)Math.Clamp(value, 1, int.MaxValue);
}
