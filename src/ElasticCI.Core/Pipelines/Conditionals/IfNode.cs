using System.Text.RegularExpressions;

namespace ElasticCI.Pipelines.Conditionals;

/// <summary>A node of a parsed <c>if</c> expression.</summary>
internal abstract record IfNode;

/// <summary>A string, integer, boolean or null literal, or a list of literals.</summary>
internal sealed record IfLiteral(object? Value) : IfNode;

/// <summary>A variable such as <c>build.branch</c>.</summary>
internal sealed record IfVariable(string Name) : IfNode;

/// <summary><c>build.env("NAME")</c>.</summary>
internal sealed record IfEnvCall(string Name) : IfNode;

/// <summary><c>!operand</c>.</summary>
internal sealed record IfNot(IfNode Operand) : IfNode;

/// <summary>A binary operator: <c>== != =~ !~ &amp;&amp; || includes</c>.</summary>
internal sealed record IfBinary(string Operator, IfNode Left, IfNode Right) : IfNode;

/// <summary>A <c>/regex/</c> literal, already compiled.</summary>
internal sealed record IfRegex(string Pattern, Regex Regex) : IfNode;
