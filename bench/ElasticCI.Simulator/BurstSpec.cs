namespace ElasticCI.Simulator;

/// <summary>A few large builds per day (a monorepo matrix, a release), each dropping many jobs at once.</summary>
internal sealed record BurstSpec(int PerDayMin, int PerDayMax, int SizeMin, int SizeMax, double StartHour, double EndHour, double SpreadSeconds);
