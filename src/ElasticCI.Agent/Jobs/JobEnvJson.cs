using System.Text.Json.Serialization;

namespace ElasticCI.Agent.Jobs;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class JobEnvJson : JsonSerializerContext;
