namespace ElasticCI.Coordinator.Settings;

/// <summary>
/// One coordinator setting: its key in the <c>coordinator:</c> section of <c>elastic-ci.yml</c>, its <c>ELASTIC_CI_*</c>
/// variable (derived from the key) and its command-line flag (null when it has none), and how a text value applies to
/// <see cref="CoordinatorOptions"/>.
/// </summary>
/// <param name="Key">The key, PascalCase as the stack parameters (matched case-insensitively in the file).</param>
/// <param name="Flag">The <c>up</c>/<c>server</c> flag, or null.</param>
/// <param name="Apply">Sets the option from the text; returns null, or what is wrong ("must be ...") when the text is refused.</param>
internal sealed record CoordinatorSetting(string Key, string? Flag, Func<string, CoordinatorOptions, string?> Apply)
{
    /// <summary><c>ELASTIC_CI_</c> + the key in upper snake case: <c>DataDir</c> → <c>ELASTIC_CI_DATA_DIR</c>.</summary>
    public string EnvironmentVariable { get; } = "ELASTIC_CI_" + string.Concat(Key.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
