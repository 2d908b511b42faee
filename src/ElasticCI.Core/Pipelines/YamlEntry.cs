using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>One key of a mapping after merge keys are resolved; <see cref="KeyNode"/> locates it in the source.</summary>
internal sealed record YamlEntry(string Key, YamlNode KeyNode, YamlNode Value);
