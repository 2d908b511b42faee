using System.Data.Common;
using Dapper;
using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Storage.Relational;

internal abstract partial class RelationalStore
{
    /// <summary>
    /// Inserts one document's jobs (the build's pipeline, or an upload) at <paramref name="firstIdx"/>. Keys the document
    /// does not have resolve against the jobs the build already has (<see cref="CrossDocumentDependencies"/>); a job with a
    /// key found nowhere is created broken, with the reason as its log, and only it (and what depends on it) stops.
    /// </summary>
    private async Task InsertDocumentJobsAsync(
        DbConnection c, DbTransaction tx, string buildId, IReadOnlyList<PlannedJob> jobs, IReadOnlyList<string> ids, int firstIdx, long at)
    {
        var existing = jobs.Any(j => j.ExternalDependencies.Count > 0) ? await ExistingJobsAsync(c, tx, buildId) : [];
        var broken = new List<(string Id, JobKind Kind, string Message)>();
        foreach (var job in jobs)
        {
            var dependsOn = job.DependsOn.Select(i => ids[i]).ToList();
            var planned = job;
            if (job.ExternalDependencies.Count > 0)
            {
                var resolution = CrossDocumentDependencies.Resolve(job, dependsOn, existing);
                dependsOn = [.. resolution.DependsOn];
                planned = job with { Spec = job.Spec with { AllowedFailureDependencies = resolution.AllowedFailureDependencies } };
                if (resolution.Missing.Count > 0 && !job.Spec.Skipped)
                {
                    broken.Add((ids[job.Index], job.Kind, CrossDocumentDependencies.MissingMessage(resolution.Missing)));
                }
            }
            await InsertJobAsync(c, tx, buildId, ids[job.Index], firstIdx + job.Index, planned, dependsOn, at);
        }
        foreach (var (id, kind, message) in broken)
        {
            await TransitionAsync(c, tx, new JobMove(id, kind, JobState.Pending, JobState.Broken, at) { ExitStatus = -1 });
            // Why the job cannot run becomes its log, the one place a person looks.
            var data = System.Text.Encoding.UTF8.GetBytes(message + "\n");
            await c.ExecuteAsync($"INSERT INTO log_chunks (job_id, seq, {Sql.LogOffset}, data) VALUES (@id, 0, 0, @data)", new { id, data }, tx);
            await c.ExecuteAsync("UPDATE jobs SET log_size = @size WHERE id = @id", new { size = (long)data.Length, id }, tx);
        }
    }

    private async Task<List<CrossDocumentDependencies.ExistingJob>> ExistingJobsAsync(DbConnection c, DbTransaction tx, string buildId)
    {
        var uploadedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (uploader, json) in await c.QueryAsync<(string JobId, string JobIdsJson)>(
            "SELECT job_id, job_ids_json FROM pipeline_uploads WHERE build_id = @buildId", new { buildId }, tx))
        {
            foreach (var id in StoreJson.ReadList(json))
            {
                uploadedBy[id] = uploader;
            }
        }
        var rows = await c.QueryAsync<(string Id, string? StepKey, string? GroupKey)>(
            $"SELECT id, step_key, {Sql.JsonText("spec_json", "groupKey")} FROM jobs WHERE build_id = @buildId AND retried_by IS NULL ORDER BY idx",
            new { buildId }, tx);
        return [.. rows.Select(r => new CrossDocumentDependencies.ExistingJob(r.Id, r.StepKey, r.GroupKey, uploadedBy.GetValueOrDefault(r.Id)))];
    }
}
