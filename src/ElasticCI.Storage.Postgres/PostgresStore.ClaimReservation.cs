using System.Data.Common;
using Dapper;
using ElasticCI.Lifecycle;

namespace ElasticCI.Storage.Postgres;

/// <summary>
/// The claim's herd, kept away from the write lock. One new job wakes every agent parked on its queue, on every replica;
/// under one write lock all of them would queue to claim it, and all but one would find nothing, holding up every other
/// writer meanwhile (measured: about 7 losing claim transactions per job with 8 agents, 45 % of all write transactions).
/// So a claim first reserves one of its queue's scheduled jobs, without the write lock: a transaction-scoped advisory
/// try-lock on the job (<see cref="ReservationSpace"/>, a key space of its own). Only an agent holding a reservation
/// takes the write lock and runs the claim, so at most as many agents claim at once as there are scheduled jobs.
/// </summary>
/// <remarks>
/// The reservation only decides who may try now; the claim itself is the shared flow with its compare-and-set guards and
/// may choose another job (agent rules, concurrency groups), so nothing about delivery rests on it. An agent that finds
/// every candidate reserved by others looks again shortly (<see cref="ReservedRetry"/>): the holder may not take the
/// job (its agent does not match the job's rules), and no signal says so; the wait doubles up to
/// <see cref="ReservedRetryMax"/>, so a slow holder is not polled by every other agent. A holder's reservation ends with
/// its transaction, whether it claimed or not.
/// </remarks>
internal sealed partial class PostgresStore
{
    /// <summary>The first key of the two-key advisory locks that reserve a job for one claim ("ECI" + 'R' in ASCII).</summary>
    internal const int ReservationSpace = 0x4543_4952;

    /// <summary>How long an agent that found every candidate reserved first waits before it looks again; doubled each time.</summary>
    internal static readonly TimeSpan ReservedRetry = TimeSpan.FromMilliseconds(15);

    /// <summary>The longest wait between two looks: on a busy database a claim may hold the lock for a while.</summary>
    internal static readonly TimeSpan ReservedRetryMax = TimeSpan.FromMilliseconds(200);

    /// <summary>How long an agent goes on looking while others hold every candidate; then its caller's wait goes on.</summary>
    internal static readonly TimeSpan ReservedPatience = TimeSpan.FromSeconds(2);

    private enum Reservation
    {
        /// <summary>The agent's queue has no scheduled job (or the agent is not idle): nothing to claim.</summary>
        Nothing = 0,

        /// <summary>This transaction holds the reservation of one candidate, and the write lock.</summary>
        Held = 1,

        /// <summary>Every candidate is reserved by another claim in flight.</summary>
        Taken = 2,
    }

    protected override async Task<JobClaim?> ClaimAsync(
        string agentId, Func<DbConnection, DbTransaction, Task<JobClaim?>> claim, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var retry = ReservedRetry;
        while (true)
        {
            var reservation = Reservation.Nothing;
            var result = await RunAsync(claim, Access.LockedWrite, async (c, tx) =>
            {
                reservation = await ReserveAsync(c, tx, agentId, cancellationToken);
                return reservation == Reservation.Held ? Prelude.LockTaken : Prelude.Stop;
            }, cancellationToken);
            if (reservation != Reservation.Taken || _time.GetElapsedTime(started) >= ReservedPatience)
            {
                return result;
            }
            await Task.Delay(retry, _time, cancellationToken);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, ReservedRetryMax.Ticks));
        }
    }

    /// <summary>
    /// One statement: the agent's candidates (its queue's scheduled command jobs in dispatch order, as the claim reads
    /// them), then a try-lock on each in turn until one is held (<c>EXISTS</c> stops at the first row that passes, so one
    /// reservation at most is taken), then, holding one, the write lock: a claim's way to the lock is one round trip.
    /// </summary>
    private static async Task<Reservation> ReserveAsync(DbConnection c, DbTransaction tx, string agentId, CancellationToken cancellationToken)
        => (Reservation)await c.ExecuteScalarAsync<int>(new CommandDefinition("""
            WITH candidates AS MATERIALIZED (
                SELECT j.id FROM agents a JOIN jobs j ON j.queue = a.queue AND j.state = 'scheduled' AND j.kind = 'command'
                WHERE a.id = @agentId AND a.state = 'idle'
                ORDER BY j.priority DESC, j.scheduled_at, j.idx LIMIT @limit)
            SELECT CASE
                WHEN NOT EXISTS (SELECT 1 FROM candidates) THEN 0
                WHEN EXISTS (SELECT 1 FROM candidates WHERE pg_try_advisory_xact_lock(@space, hashtext(id)))
                    THEN CASE WHEN pg_advisory_xact_lock(@writeLock) IS NOT NULL THEN 1 END
                ELSE 2 END
            """, new { agentId, limit = ClaimChoice.Candidates, space = ReservationSpace, writeLock = WriteLockKey }, tx, cancellationToken: cancellationToken));
}
