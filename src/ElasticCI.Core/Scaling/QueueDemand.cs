namespace ElasticCI.Scaling;

/// <summary>A queue's jobs with Buildkite's meanings: scheduled = runnable, not on an agent; running = on an agent; waiting = behind a dependency.</summary>
internal sealed record QueueDemand(int Scheduled, int Running, int Waiting);
