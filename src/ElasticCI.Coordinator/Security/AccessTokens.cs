using System.Security.Cryptography;
using System.Text;

namespace ElasticCI.Coordinator.Security;

/// <summary>Random bearer tokens, their stored hashes, and constant-time comparison.</summary>
internal static class AccessTokens
{
    public static string Create() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool Same(string? presented, string expected)
        => presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    /// <summary>The token from <c>Authorization: Bearer X</c> or <c>Authorization: Token X</c>.</summary>
    public static string? FromHeader(string? header)
    {
        if (header is null)
        {
            return null;
        }
        foreach (var scheme in new[] { "Bearer ", "Token " })
        {
            if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return header[scheme.Length..].Trim();
            }
        }
        return null;
    }
}
