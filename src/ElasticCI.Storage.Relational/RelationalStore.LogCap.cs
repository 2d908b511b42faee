using System.Data.Common;
using System.Text;
using Dapper;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    /// <summary>The log chunk sequence of the coordinator's "log cut" line (the lost line uses -1; agents number from 0 up).</summary>
    private const long LogCutSequence = -2;

    /// <summary>The line that ends a log cut at the cap.</summary>
    internal static string LogCutLine(long maxLogBytes)
        => $"--- elastic-ci: the log was cut at {maxLogBytes} bytes (the per-job log cap); later output was not stored.\n";

    private static async Task<bool> IsLogCutAsync(DbConnection c, DbTransaction tx, string jobId)
        => await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM log_chunks WHERE job_id = @jobId AND seq = @seq", new { jobId, seq = LogCutSequence }, tx) > 0;

    /// <summary>Stores the part of the chunk below the cap and then the cut line; answers the new log size.</summary>
    private async Task<long> AppendCutAsync(
        DbConnection c, DbTransaction tx, string jobId, long sequence, long offset, ReadOnlyMemory<byte> data, long maxLogBytes)
    {
        var keep = (int)Math.Max(0, maxLogBytes - offset);
        var size = offset;
        if (keep > 0)
        {
            await c.ExecuteAsync($"INSERT INTO log_chunks (job_id, seq, {Sql.LogOffset}, data) VALUES (@jobId, @sequence, @offset, @data)",
                new { jobId, sequence, offset, data = data[..keep].ToArray() }, tx);
            size += keep;
        }
        var lastByte = keep > 0
            ? data.Span[keep - 1]
            : await c.ExecuteScalarAsync<byte[]?>(
                $"SELECT substr(data, length(data), 1) FROM log_chunks WHERE job_id = @jobId ORDER BY {Sql.LogOffset} DESC LIMIT 1", new { jobId }, tx) is [var b] ? b : (byte)'\n';
        var line = Encoding.UTF8.GetBytes((lastByte == (byte)'\n' ? "" : "\n") + LogCutLine(maxLogBytes));
        await c.ExecuteAsync($"INSERT INTO log_chunks (job_id, seq, {Sql.LogOffset}, data) VALUES (@jobId, @seq, @offset, @data)",
            new { jobId, seq = LogCutSequence, offset = size, data = line }, tx);
        size += line.Length;
        await c.ExecuteAsync("UPDATE jobs SET log_size = @size WHERE id = @jobId", new { size, jobId }, tx);
        return size;
    }
}
