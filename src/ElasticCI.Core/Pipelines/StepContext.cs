using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>
/// Error reporting for one step: every error carries the step's name (key, else label), which is known before any
/// attribute is checked, plus the checks that command and wait steps share.
/// </summary>
internal sealed class StepContext(PipelineErrorCollector errors, string? name)
{
    public PipelineErrorCollector Errors => errors;

    public void Report(YamlNode at, string message) => errors.Add(at, name, message);

    /// <summary>Reports every entry of <paramref name="map"/> that is not in <paramref name="allowed"/>.</summary>
    public void ReportOthers(YamlMap map, IReadOnlySet<string> allowed, string stepType)
    {
        foreach (var entry in map.Entries.Where(e => !allowed.Contains(e.Key)))
        {
            ReportUnknown(entry, stepType);
        }
    }

    /// <summary>Reports an attribute the step type does not read: not supported yet, valid elsewhere, or unknown.</summary>
    public void ReportUnknown(YamlEntry entry, string stepType)
    {
        if (StepFields.UnsupportedAttributes.Contains(entry.Key))
        {
            ReportUnsupported(entry);
        }
        else if (StepFields.AllAttributes.Contains(entry.Key))
        {
            Report(entry.KeyNode, $"field '{entry.Key}' is not valid on {(stepType[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a")} {stepType} step");
        }
        else
        {
            Report(entry.KeyNode, $"unknown field '{entry.Key}'");
        }
    }

    public void ReportUnsupported(YamlEntry entry)
        => Report(entry.KeyNode, $"not supported yet: {entry.Key} at line {Line(entry.KeyNode)}");

    /// <summary>Returns the one entry among aliases (such as <c>label</c>/<c>name</c>), reporting when more than one is given.</summary>
    public YamlEntry? OnlyOne(YamlMap map, params string[] aliases)
    {
        var present = aliases.Select(map.Find).OfType<YamlEntry>().ToList();
        if (present.Count > 1)
        {
            Report(present[1].KeyNode, $"step cannot have both '{present[0].Key}' and '{present[1].Key}'; use one");
        }

        return present.FirstOrDefault();
    }

    public static int Line(YamlNode node) => (int)Math.Clamp(node.Start.Line, 1, int.MaxValue);

    public static int Column(YamlNode node) => (int)Math.Clamp(node.Start.Column, 1, int.MaxValue);
}
