using ElasticCI.Protocol.Agents;

namespace ElasticCI.Agent.Api;

/// <summary>The job-scoped calls a <see cref="Jobs.JobRunner"/> makes; a seam so runner tests need no coordinator.</summary>
internal interface IJobApi
{
    /// <summary>False when the job was canceled before it started.</summary>
    Task<bool> StartJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Appends one chunk; retrying the same sequence and offset is safe.</summary>
    Task<LogAppendResponse> AppendLogAsync(string jobId, long sequence, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    Task FinishJobAsync(string jobId, FinishJobRequest request, CancellationToken cancellationToken);
}
