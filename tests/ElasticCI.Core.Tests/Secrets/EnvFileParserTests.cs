namespace ElasticCI.Secrets;

public sealed class EnvFileParserTests
{
    [Theory]
    [InlineData("A=1", "A", "1")]
    [InlineData("export A=1", "A", "1")]
    [InlineData("  export   A=1  ", "A", "1")]
    [InlineData("A=", "A", "")]
    [InlineData("A=1 # comment", "A", "1")]
    [InlineData("A=x#y", "A", "x#y")]
    [InlineData("_A1=v", "_A1", "v")]
    [InlineData("A='single $HOME \\n'", "A", "single $HOME \\n")]
    [InlineData("A=\"dbl \\\"q\\\" \\\\ \\$ \\` \\n\\t\"", "A", "dbl \"q\" \\ $ ` \n\t")]
    [InlineData("A=\"with = and # inside\" # trailing", "A", "with = and # inside")]
    [InlineData("A=''", "A", "")]
    public void Parse_AcceptedLine_ReturnsAssignment(string line, string name, string value)
    {
        var result = EnvFileParser.Parse("env", line);

        var pair = Assert.Single(result);
        Assert.Equal(name, pair.Key);
        Assert.Equal(value, pair.Value);
    }

    [Fact]
    public void Parse_CommentsBlankLinesMultipleAndCrlf_InOrder()
    {
        var content = "# header\r\n\r\nexport A=1\r\n   # indented comment\r\nB='two'\r\nA=3\r\n";

        var result = EnvFileParser.Parse("env", content);

        Assert.Equal([new("A", "1"), new("B", "two"), new("A", "3")], result);
    }

    [Fact]
    public void Parse_MultiLineQuotedValue_KeepsNewlines()
    {
        var content = "KEY=\"-----BEGIN-----\nbody\n-----END-----\"\nNEXT=1";

        var result = EnvFileParser.Parse("env", content);

        Assert.Equal("-----BEGIN-----\nbody\n-----END-----", result[0].Value);
        Assert.Equal("NEXT", result[1].Key);
    }

    [Theory]
    [InlineData("A=1\nnot an assignment", 2)]
    [InlineData("\n\n1A=supersecret", 3)]
    [InlineData("A B=supersecret", 1)]
    [InlineData("A =supersecret", 1)]
    [InlineData("A=supersecret value", 1)]
    [InlineData("# c\nA=\"supersecret", 2)]
    [InlineData("A='supersecret' trailing", 1)]
    [InlineData("A=\"supersecret $HOME\"", 1)]
    [InlineData("A=\"supersecret \\q\"", 1)]
    [InlineData("A=super'secret", 1)]
    [InlineData("=supersecret", 1)]
    public void Parse_MalformedLine_NamesFileAndLineButNotValue(string content, int line)
    {
        var ex = Assert.Throws<EnvFileFormatException>(() => EnvFileParser.Parse("web/env", content));

        Assert.StartsWith($"web/env: line {line}: ", ex.Message, StringComparison.Ordinal);
        Assert.Equal(line, ex.LineNumber);
        Assert.Equal("web/env", ex.FileName);
        Assert.DoesNotContain("supersecret", ex.Message, StringComparison.Ordinal);
    }
}
