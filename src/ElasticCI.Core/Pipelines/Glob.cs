using System.Text;
using System.Text.RegularExpressions;

namespace ElasticCI.Pipelines;

/// <summary>
/// Path globs as <c>if_changed</c> writes them: <c>*</c> and <c>?</c> stay within one path segment, <c>**</c> crosses
/// segments (<c>a/**/b</c> also matches <c>a/b</c>), <c>{x,y}</c> alternates, <c>[abc]</c>/<c>[!abc]</c> are classes.
/// </summary>
internal static class Glob
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The pattern as an anchored regular expression; null when it is malformed (unclosed brace or bracket).</summary>
    public static Regex? ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        var braces = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        regex.Append("(?:.*/)?");
                    }
                    else
                    {
                        regex.Append(".*");
                    }
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '{':
                    braces++;
                    regex.Append("(?:");
                    break;
                case '}' when braces > 0:
                    braces--;
                    regex.Append(')');
                    break;
                case ',' when braces > 0:
                    regex.Append('|');
                    break;
                case '[':
                    var end = i + 2 <= pattern.Length ? pattern.IndexOf(']', i + 2) : -1;
                    if (end < 0)
                    {
                        return null;
                    }
                    var body = pattern[(i + 1)..end];
                    var negated = body.StartsWith('!') || body.StartsWith('^');
                    regex.Append(negated ? "[^/" : "[").Append(Regex.Escape(negated ? body[1..] : body).Replace("\\-", "-", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        if (braces != 0)
        {
            return null;
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant, MatchTimeout);
    }
}
