namespace ElasticCI.Secrets;

/// <summary>Settings for <see cref="LocalSecretStore"/>.</summary>
internal sealed class LocalSecretStoreOptions
{
    /// <summary>Directory holding one file per secret. Required; created 0700 when missing.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Encrypt each value with the master key; false stores plain files (the original's BUILDKITE_USE_KMS=false).</summary>
    /// <remarks>Default: true.</remarks>
    public bool UseKms { get; set; } = true;

    /// <summary>Master key file, created at first use.</summary>
    /// <remarks>Default: <c>&lt;Directory&gt;.master.key</c>, next to (not inside) the directory, so it never shows up as a secret.</remarks>
    public string? MasterKeyPath { get; set; }
}
