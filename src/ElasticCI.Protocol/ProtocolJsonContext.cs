using System.Text.Json;
using System.Text.Json.Serialization;
using ElasticCI.Protocol.Agents;
using ElasticCI.Protocol.Builds;
using ElasticCI.Protocol.JobApi;
using ElasticCI.Protocol.Jobs;
using ElasticCI.Protocol.Pipelines;
using ElasticCI.Protocol.Secrets;
using ElasticCI.Protocol.Stacks;

namespace ElasticCI.Protocol;

/// <summary>Source-generated JSON metadata for every wire type: camelCase, nulls written.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(RegisterAgentRequest))]
[JsonSerializable(typeof(RegisterAgentResponse))]
[JsonSerializable(typeof(NextJobResponse))]
[JsonSerializable(typeof(LogAppendResponse))]
[JsonSerializable(typeof(FinishJobRequest))]
[JsonSerializable(typeof(HeartbeatResponse))]
[JsonSerializable(typeof(CreateBuildRequest))]
[JsonSerializable(typeof(UnblockJobRequest))]
[JsonSerializable(typeof(BuildDto))]
[JsonSerializable(typeof(JobDto))]
[JsonSerializable(typeof(BuildListDto))]
[JsonSerializable(typeof(StackListDto))]
[JsonSerializable(typeof(StackActivityDto))]
[JsonSerializable(typeof(InterruptInstanceRequest))]
[JsonSerializable(typeof(InstanceInterruptionDto))]
[JsonSerializable(typeof(ProblemDto))]
[JsonSerializable(typeof(MetaDataSetRequest))]
[JsonSerializable(typeof(AnnotateRequest))]
[JsonSerializable(typeof(ArtifactDto))]
[JsonSerializable(typeof(ArtifactListDto))]
[JsonSerializable(typeof(AnnotationListDto))]
[JsonSerializable(typeof(MetaDataDto))]
[JsonSerializable(typeof(PipelineUploadRequest))]
[JsonSerializable(typeof(PipelineUploadResponse))]
[JsonSerializable(typeof(SecretListDto))]
[JsonSerializable(typeof(JobSecretsDto))]
[JsonSerializable(typeof(SecretsAuditDto))]
[JsonSerializable(typeof(PutPipelineRequest))]
[JsonSerializable(typeof(PipelineDto))]
[JsonSerializable(typeof(PipelineListDto))]
[JsonSerializable(typeof(StepDto))]
[JsonSerializable(typeof(StepUpdateRequest))]
[JsonSerializable(typeof(StepCancelRequest))]
[JsonSerializable(typeof(StepChangedDto))]
[JsonSerializable(typeof(JobApiRequest))]
[JsonSerializable(typeof(JobApiResponse))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
