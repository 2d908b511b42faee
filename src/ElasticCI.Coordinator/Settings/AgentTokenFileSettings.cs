using System.Text.RegularExpressions;
using ElasticCI.Coordinator.Security;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Coordinator.Settings;

/// <summary>
/// The <c>agentTokens:</c> list of <c>elastic-ci.yml</c>: named registration tokens scoped to queues, read at start-up.
/// <code>
/// agentTokens:
///   - name: deploy
///     queues: [deploy]
/// </code>
/// Every problem is listed with its line; the list is usable only when there are none.
/// </summary>
internal static partial class AgentTokenFileSettings
{
    public const string SectionKey = "agentTokens";

    private static readonly string[] Keys = ["name", "queues"];

    public static (IReadOnlyList<AgentTokenScope> Tokens, IReadOnlyList<string> Errors) Read(string yaml, string fileName)
    {
        var tokens = new List<AgentTokenScope>();
        var errors = new List<string>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException)
        {
            // The stacks parser reports the syntax error with its position.
            return (tokens, errors);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return (tokens, errors);
        }
        var section = root.Children.FirstOrDefault(kv => (kv.Key as YamlScalarNode)?.Value?.Equals(SectionKey, StringComparison.OrdinalIgnoreCase) == true).Value;
        if (section is null)
        {
            return (tokens, errors);
        }
        if (section is not YamlSequenceNode list)
        {
            errors.Add($"{fileName}:{section.Start.Line}: {SectionKey} must be a list of {{name, queues}} entries");
            return (tokens, errors);
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (ReadEntry(list.Children[i], $"{fileName}:{list.Children[i].Start.Line}: {SectionKey}[{i}]", errors) is { } token)
            {
                if (tokens.Any(t => t.Name == token.Name))
                {
                    errors.Add($"{fileName}:{list.Children[i].Start.Line}: {SectionKey}[{i}]: the name '{token.Name}' is given twice");
                    continue;
                }
                tokens.Add(token);
            }
        }
        return (tokens, errors);
    }

    private static AgentTokenScope? ReadEntry(YamlNode node, string where, List<string> errors)
    {
        if (node is not YamlMappingNode entry)
        {
            errors.Add($"{where} must be a mapping with name and queues");
            return null;
        }
        string? name = null;
        List<string>? queues = null;
        var count = errors.Count;
        foreach (var (key, value) in entry.Children)
        {
            var text = (key as YamlScalarNode)?.Value ?? "";
            if (text.Equals("name", StringComparison.OrdinalIgnoreCase))
            {
                name = (value as YamlScalarNode)?.Value?.Trim();
                if (name is null || !NamePattern().IsMatch(name))
                {
                    errors.Add($"{where}: name must be 1-64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit, was '{(value as YamlScalarNode)?.Value}'");
                }
            }
            else if (text.Equals("queues", StringComparison.OrdinalIgnoreCase))
            {
                queues = ReadQueues(value, where, errors);
            }
            else
            {
                errors.Add($"{where}: unknown key '{text}' (known: {string.Join(", ", Keys)})");
            }
        }
        if (!entry.Children.Keys.Any(k => (k as YamlScalarNode)?.Value?.Equals("name", StringComparison.OrdinalIgnoreCase) == true))
        {
            errors.Add($"{where}: name is required");
        }
        if (!entry.Children.Keys.Any(k => (k as YamlScalarNode)?.Value?.Equals("queues", StringComparison.OrdinalIgnoreCase) == true))
        {
            errors.Add($"{where}: queues is required (the queues this token may register agents on)");
        }
        return errors.Count == count ? new AgentTokenScope(name!, queues!) : null;
    }

    private static List<string>? ReadQueues(YamlNode value, string where, List<string> errors)
    {
        if (value is not YamlSequenceNode sequence)
        {
            errors.Add($"{where}: queues must be a list of queue names, e.g. [deploy]");
            return null;
        }
        if (sequence.Children.Count == 0)
        {
            errors.Add($"{where}: queues must list at least one queue (a token for no queue could register no agent)");
            return null;
        }
        var queues = new List<string>();
        foreach (var item in sequence.Children)
        {
            var queue = (item as YamlScalarNode)?.Value?.Trim();
            if (string.IsNullOrEmpty(queue) || queue.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                errors.Add($"{where}: queue '{queue}' must be a non-empty name without spaces or control characters");
                return null;
            }
            if (!queues.Contains(queue, StringComparer.Ordinal))
            {
                queues.Add(queue);
            }
        }
        return queues;
    }

    /// <summary>
    /// The same rules for tokens given in code (<see cref="CoordinatorOptions.AgentTokens"/>), checked at start-up: a name
    /// that is a safe file name, given once, and at least one queue each.
    /// </summary>
    public static void Check(IReadOnlyList<AgentTokenScope> tokens, List<string> failures)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            if (token.Name is null || !NamePattern().IsMatch(token.Name))
            {
                failures.Add($"AgentTokens: name must be 1-64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit, was '{token.Name}'.");
            }
            else if (!names.Add(token.Name))
            {
                failures.Add($"AgentTokens: the name '{token.Name}' is given twice.");
            }
            if (token.Queues is not { Count: > 0 } || token.Queues.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"AgentTokens: '{token.Name}' must list at least one non-empty queue.");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();
}
