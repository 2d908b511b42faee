using System.Data.Common;
using System.Text;
using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    /// <summary>The log chunk sequence of the coordinator's own closing line (agents number their chunks from 0 up).</summary>
    private const long CoordinatorLineSequence = -1;

    internal const string LostWithAgentDisconnected = "its agent disconnected while the job was running";

    internal const string LostWithInstanceTerminated = "its instance was terminated while the job was running";

    /// <summary>Ends a lost job's log with a line saying it was lost and why, so a reader of the log (or of --watch) knows it is not complete.</summary>
    private async Task AppendLostLineAsync(DbConnection c, DbTransaction tx, string jobId, string reason)
    {
        var job = await c.QuerySingleAsync<long>("SELECT log_size FROM jobs WHERE id = @jobId", new { jobId }, tx);
        var last = await c.ExecuteScalarAsync<byte[]?>(
            $"SELECT substr(data, length(data), 1) FROM log_chunks WHERE job_id = @jobId ORDER BY {Sql.LogOffset} DESC LIMIT 1", new { jobId }, tx);
        var newline = last is [var b] && b != (byte)'\n' ? "\n" : "";
        var data = Encoding.UTF8.GetBytes($"{newline}--- elastic-ci: job lost: {reason}; the log above is all the coordinator received.\n");
        var inserted = await c.ExecuteAsync(
            $"INSERT INTO log_chunks (job_id, seq, {Sql.LogOffset}, data) VALUES (@jobId, @seq, @offset, @data) ON CONFLICT DO NOTHING",
            new { jobId, seq = CoordinatorLineSequence, offset = job, data }, tx);
        if (inserted > 0)
        {
            await c.ExecuteAsync("UPDATE jobs SET log_size = @size WHERE id = @jobId", new { size = job + data.Length, jobId }, tx);
        }
    }
}
