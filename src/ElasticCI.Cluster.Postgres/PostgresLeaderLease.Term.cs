namespace ElasticCI.Cluster.Postgres;

/// <summary>The term this replica holds, in memory: gained, renewed, lost to another holder, or run out on the clock.</summary>
internal sealed partial class PostgresLeaderLease
{
    private void Hold(Held held)
    {
        lock (_lock)
        {
            var previous = _held;
            _held = held;
            ArmExpiry(held);
            if (previous?.Term.Epoch == held.Term.Epoch)
            {
                return;
            }
            Log.Gained(logger, replica.Id, held.Term.Epoch);
        }
        Pulse();
    }

    private void Lose(string? holder, long epoch, long? onlyTerm = null)
    {
        lock (_lock)
        {
            if (_held is null || (onlyTerm is { } term && _held.Term.Epoch != term))
            {
                return;
            }
            Log.Lost(logger, replica.Id, _held.Term.Epoch, holder ?? "(released)", epoch);
            _held = null;
            _expiry?.Dispose();
            _expiry = null;
        }
        Pulse();
    }

    /// <summary>The lease ran out without a renewal (the database unreachable, slow or locked): the term is over.</summary>
    private void Expire()
    {
        lock (_lock)
        {
            if (_held is null)
            {
                return;
            }
            if (time.GetTimestamp() < _held.ValidUntil)
            {
                // Renewed meanwhile, or the timer (on a coarser clock) came a little early: wait for the rest. Returning
                // without a timer would leave a term that reads as lost (CurrentTerm) but was never logged or pulsed.
                ArmExpiry(_held);
                return;
            }
            Log.Expired(logger, replica.Id, _held.Term.Epoch, _lastError ?? "no renewal answered in time");
            _held = null;
            _expiry?.Dispose();
            _expiry = null;
        }
        Pulse();
    }

    /// <summary>(Re)starts the expiry timer for the end of <paramref name="held"/> on this replica's clock; under <see cref="_lock"/>.</summary>
    private void ArmExpiry(Held held)
    {
        _expiry?.Dispose();
        var left = TimeSpan.FromSeconds(Math.Max(0, held.ValidUntil - time.GetTimestamp()) / (double)time.TimestampFrequency);
        _expiry = time.CreateTimer(_ => Expire(), null, left + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
    }

    private void Pulse()
    {
        var previous = Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
