namespace ElasticCI.Agent.Jobs.Secrets;

/// <summary>The job's ssh-agent could not be started or given a key. The message never contains key material.</summary>
internal sealed class SshAgentException(string message) : Exception(message);
