using System.Diagnostics;
using ElasticCI.Cluster.Postgres;
using Npgsql;
using Xunit.Abstractions;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>What a failed lease test prints: each lease's term and loop, the lease row, the database's sessions, the thread pool.</summary>
internal static class LeaseDiagnostics
{
    public static async Task WriteAsync(ITestOutputHelper output, string connectionString, IEnumerable<PostgresLeaderLease> leases)
    {
        foreach (var lease in leases)
        {
            output.WriteLine($"lease {lease.ReplicaId}: term {lease.CurrentTerm?.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}; " +
                $"loop {lease.ExecuteTask?.Status.ToString() ?? "(never started)"} {lease.ExecuteTask?.Exception?.InnerException}");
        }
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using (var row = new NpgsqlCommand("SELECT holder, epoch, expires_at::text, now()::text FROM leader_lease", connection))
            await using (var reader = await row.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    output.WriteLine($"leader_lease: {reader.GetString(0)} epoch {reader.GetInt64(1)} until {reader.GetString(2)}; database now {reader.GetString(3)}");
                }
            }
            // What every other session of the test database is doing: a loop awaiting a statement shows here (state, wait).
            await using var sessions = new NpgsqlCommand(
                """
                SELECT pid, state, coalesce(wait_event_type, '') || '/' || coalesce(wait_event, ''), coalesce(xact_start::text, '-'),
                       coalesce(query_start::text, '-'), left(regexp_replace(query, '\s+', ' ', 'g'), 100)
                FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY pid
                """, connection);
            await using var rows = await sessions.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                output.WriteLine($"session {rows.GetInt32(0)}: {(rows.IsDBNull(1) ? "" : rows.GetString(1))} wait {rows.GetString(2)} xact {rows.GetString(3)} query {rows.GetString(4)}: {rows.GetString(5)}");
            }
        }
        catch (NpgsqlException ex)
        {
            output.WriteLine($"database state unreadable: {ex.Message}");
        }
        var queued = Stopwatch.StartNew();
        var ran = Task.Run(() => queued.Elapsed);
        var waited = await Task.WhenAny(ran, Task.Delay(TimeSpan.FromSeconds(10))) == ran ? $"{ran.Result.TotalMilliseconds:0} ms" : "more than 10 s";
        output.WriteLine($"thread pool: {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} work items pending, a new one waited {waited}");
    }
}
