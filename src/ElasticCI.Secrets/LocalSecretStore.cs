namespace ElasticCI.Secrets;

/// <summary>Secrets as files under a directory: files 0600, directories 0700, values envelope-encrypted unless UseKms is off.</summary>
internal sealed class LocalSecretStore : ISecretStore
{
    // Writes land here first and are renamed into place, so a reader never sees half a value.
    private const string StagingDirectory = ".staging";
    private const UnixFileMode FileMode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode DirectoryMode0700 = FileMode0600 | UnixFileMode.UserExecute;

    private readonly string _root;
    private readonly Envelope? _envelope;

    public LocalSecretStore(LocalSecretStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Directory, nameof(options.Directory));
        _root = Path.GetFullPath(options.Directory);
        CreateOwnerOnly(_root);
        if (options.UseKms)
        {
            var keyPath = options.MasterKeyPath
                ?? Path.Combine(Path.GetDirectoryName(_root) ?? _root, Path.GetFileName(_root) + ".master.key");
            _envelope = new Envelope(MasterKeyFile.LoadOrCreate(keyPath));
        }
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        SecretKeys.ValidateValue(value.Span);
        if (Clash(key, path) is { } clash)
        {
            throw new ArgumentException(clash, nameof(key));
        }
        var bytes = _envelope is null ? value : _envelope.Seal(value.Span, key);

        var staging = Path.Combine(_root, StagingDirectory);
        CreateOwnerOnly(staging);
        CreateParents(Path.GetDirectoryName(path)!);
        var temp = Path.Combine(staging, Guid.NewGuid().ToString("N"));
        try
        {
            var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = FileMode0600,
                Options = FileOptions.Asynchronous,
            });
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        if (Clash(key, path) is not null)
        {
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        return _envelope is null ? bytes : _envelope.Open(bytes, key);
    }

    public Task<IReadOnlyList<SecretEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        SecretKeys.ValidatePrefix(prefix);
        var start = prefix.Length == 0 ? _root : Path.Combine(_root, prefix[..^1]);
        var entries = new List<SecretEntry>();
        if (Directory.Exists(start))
        {
            var overhead = _envelope is null ? 0 : Envelope.Overhead;
            foreach (var file in new DirectoryInfo(start).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var key = Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (key.StartsWith(StagingDirectory + "/", StringComparison.Ordinal))
                {
                    continue;
                }
                entries.Add(new SecretEntry(key, Math.Max(0, file.Length - overhead), new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)));
            }
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return Task.FromResult<IReadOnlyList<SecretEntry>>(entries);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        if (Clash(key, path) is null)
        {
            try
            {
                File.Delete(path);
            }
            catch (DirectoryNotFoundException)
            {
                // A key under a prefix that holds nothing: there is nothing to delete (found by the store conformance suite).
            }
        }
        return Task.CompletedTask;
    }

    private string PathFor(string key)
    {
        SecretKeys.Validate(key);
        if (key == StagingDirectory || key.StartsWith(StagingDirectory + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Keys under '{StagingDirectory}/' are reserved by the local secret store.", nameof(key));
        }
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>
    /// Keys are files and their prefixes directories, so "a" and "a/b" cannot both be secrets: why <paramref name="key"/>
    /// cannot be one here, or null. (Found by the API fuzz test: the clash used to surface as an I/O error, a 500.)
    /// </summary>
    private string? Clash(string key, string path)
    {
        if (Directory.Exists(path))
        {
            return $"Key '{key}' is a prefix of other secrets ('{key}/...'); a key cannot be both a secret and a prefix.";
        }
        for (var parent = Path.GetDirectoryName(path); parent is not null && parent.Length > _root.Length; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                var owner = Path.GetRelativePath(_root, parent).Replace(Path.DirectorySeparatorChar, '/');
                return $"Key '{key}' is under '{owner}', which is a secret; a key cannot be both a secret and a prefix.";
            }
        }
        return null;
    }

    private void CreateParents(string directory)
    {
        if (!directory.StartsWith(_root, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("A secret path escaped the store directory.");
        }
        // One level at a time: Directory.CreateDirectory(path, mode) does not give intermediate directories the mode.
        var current = _root;
        foreach (var segment in Path.GetRelativePath(_root, directory).Split(Path.DirectorySeparatorChar))
        {
            if (segment == ".")
            {
                continue;
            }
            current = Path.Combine(current, segment);
            CreateOwnerOnly(current);
        }
    }

    private static void CreateOwnerOnly(string directory)
    {
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode0700);
            File.SetUnixFileMode(directory, DirectoryMode0700);
        }
    }
}
