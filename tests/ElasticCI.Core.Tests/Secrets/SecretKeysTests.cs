namespace ElasticCI.Secrets;

public sealed class SecretKeysTests
{
    [Theory]
    [InlineData("env")]
    [InlineData("my-pipeline/secret-files/DB_PASSWORD")]
    [InlineData("a.b/c_d/e-f")]
    [InlineData("..hidden/x..y")]
    public void Check_ValidKey_ReturnsNull(string key)
    {
        Assert.Null(SecretKeys.Check(key));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("..", "'..'")]
    [InlineData("a/../b", "'..'")]
    [InlineData("./a", "'.'")]
    [InlineData("/abs/key", "relative")]
    [InlineData("a//b", "empty segments")]
    [InlineData("a/", "empty segments")]
    [InlineData("a\nb", "control characters")]
    [InlineData("a\u0000b", "control characters")]
    [InlineData("a\u007fb", "control characters")]
    [InlineData("a\\b", "'/'")]
    public void Validate_BadKey_ThrowsNamingTheRule(string key, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => SecretKeys.Validate(key));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooLong_NamesTheLimit()
    {
        // Segments stay under the 255-byte segment limit, so only the total length is at stake.
        var longest = new string('a', 200) + "/" + new string('b', 200) + "/" + new string('c', 110);
        SecretKeys.Validate(longest);

        var ex = Assert.Throws<ArgumentException>(() => SecretKeys.Validate(longest + "c"));

        Assert.Contains("512", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateValue_Oversized_NamesTheLimit()
    {
        var ex = Assert.Throws<ArgumentException>(() => SecretKeys.ValidateValue(new byte[(1024 * 1024) + 1]));

        Assert.Contains("1048576 bytes (1 MiB)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("p/")]
    [InlineData("p/secret-files/")]
    public void ValidatePrefix_Valid_DoesNotThrow(string prefix)
    {
        SecretKeys.ValidatePrefix(prefix);
    }

    [Theory]
    [InlineData("p")]
    [InlineData("/")]
    [InlineData("../")]
    public void ValidatePrefix_Invalid_Throws(string prefix)
    {
        Assert.Throws<ArgumentException>(() => SecretKeys.ValidatePrefix(prefix));
    }

    [Fact]
    public void Check_SegmentLongerThanAFileName_NamesTheLimit()
    {
        Assert.Null(SecretKeys.Check(new string('a', 255) + "/env"));
        Assert.Contains("at most 255 bytes each", SecretKeys.Check(new string('a', 256) + "/env"), StringComparison.Ordinal);
        Assert.Contains("at most 255 bytes each", SecretKeys.Check("p/" + new string('é', 128)), StringComparison.Ordinal);
    }
}
