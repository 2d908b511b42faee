namespace ElasticCI.Protocol.Jobs;

/// <summary>One phase of a job's life and how long it took.</summary>
/// <param name="Name">From which point to which, e.g. <c>scheduled→scaleOutDecided</c>.</param>
/// <param name="Seconds">Its duration in seconds.</param>
public sealed record JobPhaseDto(string Name, double Seconds);
