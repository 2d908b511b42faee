using System.Security.Cryptography;
using System.Text;

namespace ElasticCI.Secrets;

public sealed class EnvelopeTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("hunter2-the-password");

    [Fact]
    public void Open_AfterSeal_ReturnsPlaintext()
    {
        var envelope = new Envelope(RandomNumberGenerator.GetBytes(32));

        var sealedBytes = envelope.Seal(Secret, "pipe/env");

        Assert.Equal(Secret.Length + Envelope.Overhead, sealedBytes.Length);
        Assert.Equal(Secret, envelope.Open(sealedBytes, "pipe/env"));
    }

    [Fact]
    public void Seal_SameInputTwice_ProducesDifferentCiphertext()
    {
        var envelope = new Envelope(RandomNumberGenerator.GetBytes(32));

        Assert.NotEqual(envelope.Seal(Secret, "k"), envelope.Seal(Secret, "k"));
    }

    [Theory]
    [InlineData(0)]   // magic
    [InlineData(4)]   // version
    [InlineData(10)]  // wrap nonce
    [InlineData(30)]  // wrapped key
    [InlineData(60)]  // wrap tag
    [InlineData(75)]  // data nonce
    [InlineData(85)]  // data tag
    [InlineData(95)]  // ciphertext
    public void Open_TamperedByte_ThrowsSecretEnvelopeException(int position)
    {
        var envelope = new Envelope(RandomNumberGenerator.GetBytes(32));
        var sealedBytes = envelope.Seal(Secret, "k");

        sealedBytes[position] ^= 0x01;

        var ex = Assert.Throws<SecretEnvelopeException>(() => envelope.Open(sealedBytes, "k"));
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TamperedCiphertext_SaysTampered()
    {
        var envelope = new Envelope(RandomNumberGenerator.GetBytes(32));
        var sealedBytes = envelope.Seal(Secret, "k");
        sealedBytes[^1] ^= 0x80;

        var ex = Assert.Throws<SecretEnvelopeException>(() => envelope.Open(sealedBytes, "k"));

        Assert.Contains("tampered", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WrongMasterKey_SaysMasterKeyIsWrong()
    {
        var sealedBytes = new Envelope(RandomNumberGenerator.GetBytes(32)).Seal(Secret, "k");

        var ex = Assert.Throws<SecretEnvelopeException>(() => new Envelope(RandomNumberGenerator.GetBytes(32)).Open(sealedBytes, "k"));

        Assert.Contains("master key is wrong", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_OtherKeysContext_Fails()
    {
        var envelope = new Envelope(RandomNumberGenerator.GetBytes(32));
        var sealedBytes = envelope.Seal(Secret, "global/env");

        Assert.Throws<SecretEnvelopeException>(() => envelope.Open(sealedBytes, "other/env"));
    }

    [Fact]
    public void Open_PlainBytes_SaysNotAnEnvelope()
    {
        var envelope = new Envelope(RandomNumberGenerator.GetBytes(32));

        var ex = Assert.Throws<SecretEnvelopeException>(() => envelope.Open(new byte[200], "k"));

        Assert.Contains("not an ElasticCI secret envelope", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FutureVersion_NamesTheVersion()
    {
        var envelope = new Envelope(RandomNumberGenerator.GetBytes(32));
        var sealedBytes = envelope.Seal(Secret, "k");
        sealedBytes[4] = 9;

        var ex = Assert.Throws<SecretEnvelopeException>(() => envelope.Open(sealedBytes, "k"));

        Assert.Contains("version 9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_ShortKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Envelope(new byte[16]));
    }
}
