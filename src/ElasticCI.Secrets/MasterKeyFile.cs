using System.Security.Cryptography;

namespace ElasticCI.Secrets;

/// <summary>The 32-byte master key on disk: created (0600) at first use, refused if it is the wrong size or readable by others.</summary>
internal static class MasterKeyFile
{
    /// <summary>Size of a master key in bytes (AES-256).</summary>
    public const int KeySize = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Reads the key at <paramref name="path"/>, creating it with fresh random bytes when it does not exist.</summary>
    /// <exception cref="InvalidOperationException">The file is not exactly 32 bytes or its permissions are wider than 0600.</exception>
    public static byte[] LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            TryCreate(path);
        }
        var mode = File.GetUnixFileMode(path);
        if ((mode & ~OwnerOnly) != 0)
        {
            throw new InvalidOperationException(
                $"Master key file '{path}' has permissions {Format(mode)}; it must be 0600 or narrower (chmod 600 '{path}').");
        }
        var key = File.ReadAllBytes(path);
        if (key.Length != KeySize)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new InvalidOperationException(
                $"Master key file '{path}' must contain exactly {KeySize} bytes, but has {new FileInfo(path).Length}.");
        }
        return key;
    }

    private static void TryCreate(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var key = RandomNumberGenerator.GetBytes(KeySize);
        try
        {
            // CreateNew: if another process won the race, its key is kept and read below.
            using var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnly,
            });
            stream.Write(key);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static string Format(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
}
