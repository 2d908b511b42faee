using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElasticCI.Coordinator.Dashboard;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(DashboardAgentsDto))]
[JsonSerializable(typeof(StackHistoryDto))]
[JsonSerializable(typeof(BlockFormDto))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
