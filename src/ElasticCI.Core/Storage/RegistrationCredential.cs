namespace ElasticCI.Storage;

/// <summary>What a spent per-instance registration credential binds the registering agent to.</summary>
internal sealed record RegistrationCredential(string InstanceId, string Queue);
