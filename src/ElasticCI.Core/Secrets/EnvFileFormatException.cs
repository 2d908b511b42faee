namespace ElasticCI.Secrets;

/// <summary>An env file line could not be parsed. The message names the file and line, never the value.</summary>
internal sealed class EnvFileFormatException(string fileName, int lineNumber, string reason)
    : Exception($"{fileName}: line {lineNumber}: {reason}")
{
    /// <summary>The env file's name (its store key).</summary>
    public string FileName { get; } = fileName;

    /// <summary>1-based line where the bad entry starts.</summary>
    public int LineNumber { get; } = lineNumber;
}
