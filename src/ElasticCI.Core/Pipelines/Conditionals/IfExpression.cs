using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using ElasticCI.Builds;

namespace ElasticCI.Pipelines.Conditionals;

/// <summary>
/// A parsed Buildkite <c>if</c> condition. Parse once at upload (errors name the column), evaluate per build against a
/// <see cref="BuildContext"/>. Values are strings, integers, booleans, null and lists; in a boolean position null,
/// false, "" and empty lists are false.
/// </summary>
internal sealed class IfExpression
{
    private readonly IfNode _root;

    private IfExpression(string text, IfNode root)
    {
        Text = text;
        _root = root;
    }

    public string Text { get; }

    /// <summary>The expression, or null with <paramref name="error"/> set ("column N: problem", 1-based).</summary>
    public static IfExpression? TryParse(string text, out IfExpressionError? error)
    {
        try
        {
            error = null;
            return new IfExpression(text, IfParser.Parse(text));
        }
        catch (IfSyntaxException ex)
        {
            error = new IfExpressionError(ex.Position + 1, ex.Message);
            return null;
        }
    }

    /// <summary>Parses text already known to be valid (checked at upload); throws <see cref="FormatException"/> otherwise.</summary>
    public static IfExpression Parse(string text)
        => TryParse(text, out var error) ?? throw new FormatException($"invalid if expression at column {error!.Column}: {error.Message}");

    public bool Evaluate(BuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsTrue(Evaluate(_root, context));
    }

    private static object? Evaluate(IfNode node, BuildContext context) => node switch
    {
        IfLiteral literal => literal.Value,
        IfVariable variable => IfVariables.Read(variable.Name, context),
        IfEnvCall env => context.Env.TryGetValue(env.Name, out var value) ? value : null,
        IfNot not => !IsTrue(Evaluate(not.Operand, context)),
        IfBinary { Operator: "&&" } and => IsTrue(Evaluate(and.Left, context)) && IsTrue(Evaluate(and.Right, context)),
        IfBinary { Operator: "||" } or => IsTrue(Evaluate(or.Left, context)) || IsTrue(Evaluate(or.Right, context)),
        IfBinary { Operator: "==" } eq => AreEqual(Evaluate(eq.Left, context), Evaluate(eq.Right, context)),
        IfBinary { Operator: "!=" } ne => !AreEqual(Evaluate(ne.Left, context), Evaluate(ne.Right, context)),
        IfBinary { Operator: "=~", Right: IfRegex regex } match => Matches(Evaluate(match.Left, context), regex.Regex),
        IfBinary { Operator: "!~", Right: IfRegex regex } noMatch => !Matches(Evaluate(noMatch.Left, context), regex.Regex),
        IfBinary { Operator: "includes" } includes => Includes(Evaluate(includes.Left, context), Evaluate(includes.Right, context)),
        _ => throw new InvalidOperationException($"unexpected node {node}"),
    };

    private static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        long n => n != 0,
        ICollection list => list.Count > 0,
        _ => true,
    };

    private static bool AreEqual(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (left is IEnumerable leftList and not string && right is IEnumerable rightList and not string)
        {
            return leftList.Cast<object?>().Select(AsText).SequenceEqual(rightList.Cast<object?>().Select(AsText));
        }

        // Numbers and strings compare by text, so build.number == "12" and build.env("N") == 12 both work.
        return (left.GetType() == right.GetType() || left is long || right is long)
            && string.Equals(AsText(left), AsText(right), StringComparison.Ordinal);
    }

    private static bool Matches(object? value, Regex regex)
    {
        if (value is null)
        {
            return false;
        }

        try
        {
            return regex.IsMatch(AsText(value));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool Includes(object? list, object? item)
        => list is IEnumerable values and not string && values.Cast<object?>().Any(v => AreEqual(v, item));

    private static string AsText(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        long n => n.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
