namespace ElasticCI.Cli.Commands.AgentConfig;

/// <summary>A setting's text and where it came from (<c>file:line</c> or <c>$NAME</c>), for error messages.</summary>
internal sealed record ConfigValue(string Value, string Origin);
