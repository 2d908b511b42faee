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

        /// <summary>This transaction holds the reservation of one candidate; another writer holds the write lock.</summary>
        HeldLockBusy = 3,
    }

    protected override async Task<JobClaim?> ClaimAsync(
        string agentId, Func<DbConnection, DbTransaction, Task<JobClaim?>> claim, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var retry = ReservedRetry;
        while (true)
        {
            var reservation = Reservation.Nothing;
            var result = await RunAsync(claim, Access.LockedWrite, (c, tx) =>
            {
                reservation = Reserve(c, tx, agentId);
                return reservation switch
                {
                    Reservation.Held => Prelude.LockTaken,
                    // Waited for without holding a thread: the lock is taken with the claim's first command.
                    Reservation.HeldLockBusy => Prelude.TakeLock,
                    _ => Prelude.Stop,
                };
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
    /// reservation at most is taken), then, holding one, a try of the write lock: when no one else writes, a claim's way
    /// to the lock is one round trip.
    /// </summary>
    /// <remarks>
    /// Run synchronously (the statement only tries locks, it never waits for one): the claim goes on on the same thread,
    /// holding the lock, instead of waiting for a thread-pool turn behind the other woken agents' work.
    /// </remarks>
    private static Reservation Reserve(DbConnection c, DbTransaction tx, string agentId)
        => (Reservation)c.ExecuteScalar<int>(new CommandDefinition("""
            WITH candidates AS MATERIALIZED (
                SELECT j.id FROM agents a JOIN jobs j ON j.queue = a.queue AND j.state = 'scheduled' AND j.kind = 'command'
                WHERE a.id = @agentId AND a.state = 'idle'
                ORDER BY j.priority DESC, j.scheduled_at, j.idx LIMIT @limit)
            SELECT CASE
                WHEN NOT EXISTS (SELECT 1 FROM candidates) THEN 0
                WHEN EXISTS (SELECT 1 FROM candidates WHERE pg_try_advisory_xact_lock(@space, hashtext(id)))
                    THEN CASE WHEN pg_try_advisory_xact_lock(@writeLock) THEN 1 ELSE 3 END
                ELSE 2 END
            """, new { agentId, limit = ClaimChoice.Candidates, space = ReservationSpace, writeLock = WriteLockKey }, tx));
}
