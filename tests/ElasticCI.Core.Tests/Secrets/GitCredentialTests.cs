namespace ElasticCI.Secrets;

public sealed class GitCredentialTests
{
    [Fact]
    public void ParseFile_StoreFormat_DecodesUserAndPasswordAndKeepsPort()
    {
        var entries = GitCredential.ParseFile("https://bot%40ci:p%40ss%20word@git.example.com\n\nhttp://u:p@127.0.0.1:8080/repo.git\n");

        Assert.Equal(
            [new GitCredential("https", "git.example.com", "bot@ci", "p@ss word"), new GitCredential("http", "127.0.0.1:8080", "u", "p")],
            entries);
    }

    [Theory]
    [InlineData("just-some-text")]
    [InlineData("https://nopassword@example.com")]
    [InlineData("https://:pw@example.com")]
    public void ParseFile_BadLine_RefusedNamingLineNotText(string line)
    {
        var failure = Assert.Throws<FormatException>(() => GitCredential.ParseFile("https://a:b@ok.example.com\n" + line + "\n"));

        Assert.Equal("line 2 is not a protocol://user:password@host URL", failure.Message);
    }
}
