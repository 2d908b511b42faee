using System.Security.Cryptography;
using System.Text;

namespace ElasticCI.Secrets;

/// <summary>
/// Envelope encryption: each value gets a fresh AES-256-GCM data key, and that key is itself sealed with the
/// master key (AES-256-GCM, its own nonce). Layout, all authenticated:
/// <c>magic "ECSE" | version | wrap nonce | wrapped key | wrap tag | data nonce | data tag | ciphertext</c>.
/// </summary>
/// <remarks>
/// The header and the caller's context (the secret key) are associated data of both seals, so a value cannot be
/// moved to another key or downgraded to another version without failing authentication.
/// </remarks>
internal sealed class Envelope
{
    /// <summary>Format version written by this build.</summary>
    public const byte CurrentVersion = 1;

    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Magic = "ECSE"u8.ToArray();
    private static readonly int HeaderSize = Magic.Length + 1;

    /// <summary>Bytes an envelope adds to the plaintext.</summary>
    public static readonly int Overhead = HeaderSize + NonceSize + KeySize + TagSize + NonceSize + TagSize;

    private readonly byte[] _masterKey;

    public Envelope(ReadOnlySpan<byte> masterKey)
    {
        if (masterKey.Length != KeySize)
        {
            throw new ArgumentException($"The master key must be exactly {KeySize} bytes, was {masterKey.Length}.", nameof(masterKey));
        }
        _masterKey = masterKey.ToArray();
    }

    /// <summary>Encrypts <paramref name="plaintext"/>, binding it to <paramref name="context"/> (usually the secret key).</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, string context)
    {
        var output = new byte[Overhead + plaintext.Length];
        var span = output.AsSpan();
        Magic.CopyTo(span);
        span[Magic.Length] = CurrentVersion;
        var (wrapNonce, wrappedKey, wrapTag, dataNonce, dataTag, ciphertext) = Slice(output);
        var aad = AssociatedData(span[..HeaderSize], context);

        Span<byte> dataKey = stackalloc byte[KeySize];
        try
        {
            RandomNumberGenerator.Fill(dataKey);
            RandomNumberGenerator.Fill(wrapNonce.Span);
            RandomNumberGenerator.Fill(dataNonce.Span);
            using (var wrap = new AesGcm(_masterKey, TagSize))
            {
                wrap.Encrypt(wrapNonce.Span, dataKey, wrappedKey.Span, wrapTag.Span, aad);
            }
            using var data = new AesGcm(dataKey, TagSize);
            data.Encrypt(dataNonce.Span, plaintext, ciphertext.Span, dataTag.Span, aad);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
        return output;
    }

    /// <summary>Decrypts an envelope made by <see cref="Seal"/> with the same master key and context.</summary>
    /// <exception cref="SecretEnvelopeException">Not an envelope, unknown version, wrong master key, or tampered.</exception>
    public byte[] Open(ReadOnlySpan<byte> envelope, string context)
    {
        if (envelope.Length < Overhead || !envelope[..Magic.Length].SequenceEqual(Magic))
        {
            throw new SecretEnvelopeException(
                "The stored value is not an ElasticCI secret envelope (missing header); was it written without encryption?");
        }
        var version = envelope[Magic.Length];
        if (version != CurrentVersion)
        {
            throw new SecretEnvelopeException($"The secret envelope has version {version}; this build reads version {CurrentVersion}.");
        }
        var copy = envelope.ToArray();
        var (wrapNonce, wrappedKey, wrapTag, dataNonce, dataTag, ciphertext) = Slice(copy);
        var aad = AssociatedData(copy.AsSpan(0, HeaderSize), context);

        Span<byte> dataKey = stackalloc byte[KeySize];
        try
        {
            try
            {
                using var wrap = new AesGcm(_masterKey, TagSize);
                wrap.Decrypt(wrapNonce.Span, wrappedKey.Span, wrapTag.Span, dataKey, aad);
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw new SecretEnvelopeException(
                    "Cannot unwrap the secret's data key: the master key is wrong, or the envelope header was tampered with.", ex);
            }
            var plaintext = new byte[ciphertext.Length];
            try
            {
                using var data = new AesGcm(dataKey, TagSize);
                data.Decrypt(dataNonce.Span, ciphertext.Span, dataTag.Span, plaintext, aad);
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw new SecretEnvelopeException("The secret value failed authentication: the stored ciphertext was tampered with.", ex);
            }
            return plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string context)
    {
        var contextBytes = Encoding.UTF8.GetBytes(context);
        var aad = new byte[header.Length + contextBytes.Length];
        header.CopyTo(aad);
        contextBytes.CopyTo(aad.AsSpan(header.Length));
        return aad;
    }

    private static (Memory<byte> WrapNonce, Memory<byte> WrappedKey, Memory<byte> WrapTag, Memory<byte> DataNonce, Memory<byte> DataTag, Memory<byte> Ciphertext)
        Slice(byte[] buffer)
    {
        var offset = HeaderSize;
        Memory<byte> Take(int length)
        {
            var part = buffer.AsMemory(offset, length);
            offset += length;
            return part;
        }
        var wrapNonce = Take(NonceSize);
        var wrappedKey = Take(KeySize);
        var wrapTag = Take(TagSize);
        var dataNonce = Take(NonceSize);
        var dataTag = Take(TagSize);
        return (wrapNonce, wrappedKey, wrapTag, dataNonce, dataTag, buffer.AsMemory(offset));
    }
}
