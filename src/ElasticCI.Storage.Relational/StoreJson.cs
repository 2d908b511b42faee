using System.Text.Json;
using System.Text.Json.Serialization;
using ElasticCI.Pipelines;

namespace ElasticCI.Storage.Relational;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<int>))]
[JsonSerializable(typeof(SoftFail))]
[JsonSerializable(typeof(Builds.JobSpec))]
[JsonSerializable(typeof(Builds.BuildOrigin))]
internal sealed partial class StoreJson : JsonSerializerContext
{
    public static string Write(IReadOnlyDictionary<string, string> value)
        => JsonSerializer.Serialize(new Dictionary<string, string>(value, StringComparer.Ordinal), Default.DictionaryStringString);

    public static string Write(IReadOnlyList<string> value) => JsonSerializer.Serialize(value.ToList(), Default.ListString);

    public static string WriteCounts(IReadOnlyList<int> value) => JsonSerializer.Serialize(value.ToList(), Default.ListInt32);

    public static List<int> ReadCounts(string json) => JsonSerializer.Deserialize(json, Default.ListInt32) ?? [];

    public static string Write(SoftFail value) => JsonSerializer.Serialize(value, Default.SoftFail);

    public static Dictionary<string, string> ReadDictionary(string json)
        => JsonSerializer.Deserialize(json, Default.DictionaryStringString) ?? [];

    public static List<string> ReadList(string json) => JsonSerializer.Deserialize(json, Default.ListString) ?? [];

    public static string Write(Builds.JobSpec value) => JsonSerializer.Serialize(value, Default.JobSpec);

    public static Builds.JobSpec ReadSpec(string json) => JsonSerializer.Deserialize(json, Default.JobSpec) ?? Builds.JobSpec.Empty;

    public static string Write(Builds.BuildOrigin value) => JsonSerializer.Serialize(value, Default.BuildOrigin);

    public static Builds.BuildOrigin ReadOrigin(string json) => JsonSerializer.Deserialize(json, Default.BuildOrigin) ?? Builds.BuildOrigin.Api;

    public static SoftFail ReadSoftFail(string json) => JsonSerializer.Deserialize(json, Default.SoftFail) ?? Pipelines.SoftFail.Never;
}
