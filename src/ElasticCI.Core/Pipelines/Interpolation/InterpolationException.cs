namespace ElasticCI.Pipelines.Interpolation;

/// <summary>A <c>${VAR?message}</c> that fired, or malformed syntax such as an unterminated <c>${</c>.</summary>
internal sealed class InterpolationException(string message) : Exception(message);
