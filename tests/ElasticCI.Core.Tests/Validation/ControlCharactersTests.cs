using ElasticCI.Validation;

namespace ElasticCI.Core.Tests.Validation;

public sealed class ControlCharactersTests
{
    [Theory]
    [InlineData("main", 0, -1)]
    [InlineData("ma\0in", 0, 2)]
    [InlineData("a\tb", 0, 1)]
    [InlineData("a\tb\nc\r\n", 1, -1)]
    [InlineData("a\u001bb", 1, 1)]
    [InlineData("a\0b", 1, 1)]
    [InlineData("a\u001bb", 2, -1)]
    [InlineData("ab\0", 2, 2)]
    [InlineData("é ü \u007f", 0, -1)]
    public void FindRefused_ByKind_FindsTheFirstRefusedCharacter(string value, int kind, int expected)
        => Assert.Equal(expected, ControlCharacters.FindRefused(value, (ControlCharacters.Kind)kind));

    [Fact]
    public void Check_Nul_NamesFieldCharacterAndPosition()
        => Assert.Equal("branch contains the control character NUL (U+0000) at position 4; control characters are not allowed",
            ControlCharacters.Check("branch", "main\0/bin/sh", ControlCharacters.Kind.Line));

    [Fact]
    public void BuildFields_TriggerBuildWithNuls_NamesEachField()
    {
        var errors = BuildFields.Check("build.", "main\0/bin/sh\0-c\0id", "HEAD", "ok\n",
            new Dictionary<string, string> { ["A"] = "x\0" }, new Dictionary<string, string> { ["k\n"] = "v" });

        Assert.Equal(3, errors.Count);
        Assert.StartsWith("build.branch contains the control character NUL", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("build.env.A contains", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("build.meta_data name contains the control character newline", errors[2], StringComparison.Ordinal);
    }
}
