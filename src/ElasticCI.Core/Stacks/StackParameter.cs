using System.Globalization;

namespace ElasticCI.Stacks;

/// <summary>
/// One stack parameter of <c>elastic-ci.yml</c>, defined once: its name, how its value is read, how it is shown
/// (which gives its default), its checks and its doc line. <see cref="StackParameters.All"/> lists them all;
/// docs/configuration.md is checked against that list by a test.
/// </summary>
/// <param name="Name">The parameter name as documented (matched case-insensitively).</param>
/// <param name="Summary">One line saying what it does.</param>
/// <param name="Read">Reads a YAML value into the stack; a bad value adds an error and leaves the stack as it was.</param>
/// <param name="Show">The stack's value as it would be written in YAML, or null when unset.</param>
/// <param name="Check">Checks of the parsed stack owned by this parameter (ranges, formats, combinations it depends on).</param>
internal sealed record StackParameter(
    string Name,
    string Summary,
    Func<StackDefinition, StackValue, StackDefinition> Read,
    Func<StackDefinition, string?> Show,
    Action<StackDefinition, string, List<string>>? Check = null)
{
    private static readonly StackDefinition Defaults = new() { Name = "default" };

    /// <summary>The default as the docs show it: the value of a stack that does not set this parameter, or "none".</summary>
    public string DefaultText => Name == "Name" ? "none (required)" : Show(Defaults) ?? "none";

    public static StackParameter Text(string name, string summary, Func<StackDefinition, string?> get, Func<StackDefinition, string, StackDefinition> set,
        Action<StackDefinition, string, List<string>>? check = null)
        => new(name, summary, (s, v) => v.Text() is { } text ? set(s, text) : s, get, check);

    public static StackParameter Integer(string name, string summary, Func<StackDefinition, int> get, Func<StackDefinition, int, StackDefinition> set,
        Action<StackDefinition, string, List<string>>? check = null)
        => new(name, summary, (s, v) => v.Integer() is { } value ? set(s, value) : s, s => get(s).ToString(CultureInfo.InvariantCulture), check);

    public static StackParameter Long(string name, string summary, Func<StackDefinition, long> get, Func<StackDefinition, long, StackDefinition> set,
        Action<StackDefinition, string, List<string>>? check = null)
        => new(name, summary, (s, v) => v.Long() is { } value ? set(s, value) : s, s => get(s).ToString(CultureInfo.InvariantCulture), check);

    public static StackParameter Number(string name, string summary, Func<StackDefinition, double> get, Func<StackDefinition, double, StackDefinition> set,
        Action<StackDefinition, string, List<string>>? check = null)
        => new(name, summary, (s, v) => v.Number() is { } value ? set(s, value) : s, s => get(s).ToString("0.0###", CultureInfo.InvariantCulture), check);

    public static StackParameter Boolean(string name, string summary, Func<StackDefinition, bool> get, Func<StackDefinition, bool, StackDefinition> set,
        Action<StackDefinition, string, List<string>>? check = null)
        => new(name, summary, (s, v) => v.Boolean() is { } value ? set(s, value) : s, s => get(s) ? "true" : "false", check);

    /// <summary>A duration written as whole seconds.</summary>
    public static StackParameter Seconds(string name, string summary, Func<StackDefinition, TimeSpan> get, Func<StackDefinition, TimeSpan, StackDefinition> set,
        Action<StackDefinition, string, List<string>>? check = null)
        => new(name, summary, (s, v) => v.Integer() is { } seconds ? set(s, TimeSpan.FromSeconds(seconds)) : s,
            s => get(s).TotalSeconds.ToString(CultureInfo.InvariantCulture), check);
}
