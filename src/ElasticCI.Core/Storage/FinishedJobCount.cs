namespace ElasticCI.Storage;

/// <summary>How many jobs of a queue are in one final state (whatever ended them: agent, lost agent, cancel, trigger).</summary>
internal sealed record FinishedJobCount(string Queue, string State, long Count);
