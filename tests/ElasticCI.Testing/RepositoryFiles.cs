namespace ElasticCI.Testing;

/// <summary>
/// The checkout the tests were built from (found by its <c>ElasticCI.slnx</c>), and the Markdown tables of its docs that
/// tests check against the code.
/// </summary>
public static class RepositoryFiles
{
    /// <summary>The repository root above the test binaries.</summary>
    public static string Root { get; } = Find();

    /// <summary>The lines of <c>docs/configuration.md</c> (or another file given relative to the root).</summary>
    public static string[] Lines(params string[] relativePath) => File.ReadAllLines(Path.Combine([Root, .. relativePath]));

    /// <summary>
    /// The rows <c>| `name` | second cell | ...</c> of the Markdown table(s) in <paramref name="lines"/>: name → second cell
    /// with backticks removed. A name documented twice fails the test.
    /// </summary>
    public static Dictionary<string, string> TableRows(IEnumerable<string> lines)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = line.Split('|');
            var name = cells[1].Trim().Trim('`');
            Assert.True(rows.TryAdd(name, cells[2].Trim().Replace("`", "", StringComparison.Ordinal)), $"{name} is documented twice");
        }
        return rows;
    }

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ElasticCI.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No ElasticCI.slnx above {AppContext.BaseDirectory}");
    }
}
