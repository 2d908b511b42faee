using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElasticCI.Protocol.Stacks;

/// <summary>Source-generated JSON metadata for applying stack configuration and job phase times.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(ApplyStackConfigRequest))]
[JsonSerializable(typeof(StackApplyResultDto))]
[JsonSerializable(typeof(ProblemDto))]
[JsonSerializable(typeof(Jobs.JobTimingsDto))]
[JsonSerializable(typeof(AgentTokenRotatedDto))]
public sealed partial class StackConfigJsonContext : JsonSerializerContext;
