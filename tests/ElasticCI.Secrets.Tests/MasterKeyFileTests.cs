namespace ElasticCI.Secrets;

public sealed class MasterKeyFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LoadOrCreate_Missing_Creates32Bytes0600()
    {
        var path = Path.Combine(_temp.Path, "keys", "master.key");

        var key = MasterKeyFile.LoadOrCreate(path);

        Assert.Equal(32, key.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(key, MasterKeyFile.LoadOrCreate(path));
    }

    [Fact]
    public void LoadOrCreate_GroupReadable_RefusedNamingTheMode()
    {
        var path = Path.Combine(_temp.Path, "master.key");
        MasterKeyFile.LoadOrCreate(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var ex = Assert.Throws<InvalidOperationException>(() => MasterKeyFile.LoadOrCreate(path));

        Assert.Contains("0644", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0600", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadOrCreate_WrongSize_RefusedNamingTheSize()
    {
        var path = Path.Combine(_temp.Path, "master.key");
        File.WriteAllBytes(path, new byte[16]);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var ex = Assert.Throws<InvalidOperationException>(() => MasterKeyFile.LoadOrCreate(path));

        Assert.Contains("exactly 32 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadOrCreate_ReadOnly0400_Accepted()
    {
        var path = Path.Combine(_temp.Path, "master.key");
        MasterKeyFile.LoadOrCreate(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead);

        Assert.Equal(32, MasterKeyFile.LoadOrCreate(path).Length);
    }
}
