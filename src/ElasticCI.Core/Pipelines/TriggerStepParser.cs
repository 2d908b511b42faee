using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>Reads <c>trigger</c> steps: the pipeline slug, <c>async</c>, <c>build</c>, <c>soft_fail</c>.</summary>
internal static class TriggerStepParser
{
    public static TriggerStep? Parse(YamlMap map, StepContext context, string? slug)
    {
        context.ReportOthers(map, StepFields.TriggerAttributes, "trigger");
        var common = StepAttributes.Read(map, context, null);
        if (string.IsNullOrEmpty(slug))
        {
            // Nested form: "- trigger: {trigger: slug}" leaves the slug among the attributes.
            slug = map.Find("trigger") is { } inner ? YamlValues.AsString(inner.Value) : null;
        }

        if (string.IsNullOrEmpty(slug))
        {
            context.Report(map.Node, "trigger step must name the pipeline to build: trigger: <pipeline-slug>");
        }

        var isAsync = map.Find("async") is { } asyncEntry && (YamlValues.ReadBool(asyncEntry.Value, "async", context.Report) ?? false);
        var build = map.Find("build") is { } buildEntry ? ReadBuild(buildEntry.Value, context) : TriggerBuild.Empty;
        var softFail = map.Find("soft_fail") is { } softFailEntry ? StepAttributes.ReadSoftFail(softFailEntry.Value, context) : SoftFail.Never;
        return string.IsNullOrEmpty(slug)
            ? null
            : new TriggerStep(StepContext.Line(map.Node), StepContext.Column(map.Node), slug, isAsync, build, softFail ?? SoftFail.Never) { Common = common };
    }

    private static TriggerBuild ReadBuild(YamlNode node, StepContext context)
    {
        if (YamlValues.IsNull(node))
        {
            return TriggerBuild.Empty;
        }

        if (node is not YamlMappingNode mapping)
        {
            context.Report(node, $"build must be a mapping, got {YamlValues.Describe(node)}");
            return TriggerBuild.Empty;
        }

        var map = YamlMap.Resolve(mapping, context.Report);
        foreach (var entry in map.Entries.Where(e => e.Key is not ("message" or "commit" or "branch" or "env" or "meta_data")))
        {
            context.Report(entry.KeyNode, $"unknown field '{entry.Key}'");
        }

        string? Text(string key) => map.Find(key) is { } e ? YamlValues.ReadString(e.Value, $"build.{key}", context.Report) : null;
        return new TriggerBuild(
            Text("message"),
            Text("commit"),
            Text("branch"),
            map.Find("env") is { } env ? YamlValues.ReadStringMap(env.Value, "build.env", context.Report) ?? [] : new Dictionary<string, string>(),
            map.Find("meta_data") is { } meta ? YamlValues.ReadStringMap(meta.Value, "build.meta_data", context.Report) ?? [] : new Dictionary<string, string>());
    }
}
