using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ElasticCI.Cluster;

/// <summary>Replica identities: the host name plus a random suffix by default, or one the operator gives (<c>--replica-id</c>).</summary>
internal static partial class ReplicaIds
{
    /// <summary>The longest replica id accepted (it is stored in the lease row and shown in status output).</summary>
    public const int MaxLength = 100;

    /// <summary>A fresh id, e.g. <c>ci-host-3f9a2c</c>: unique per process start even when two replicas share a host.</summary>
    public static string Create(string hostName)
    {
        var host = Invalid().Replace(hostName, "-").Trim('-');
        if (host.Length == 0)
        {
            host = "replica";
        }
        if (host.Length > MaxLength - 7)
        {
            host = host[..(MaxLength - 7)];
        }
        return $"{host}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
    }

    /// <summary>Whether <paramref name="id"/> is a usable replica id: 1 to <see cref="MaxLength"/> characters of letters, digits, '.', '_' and '-'.</summary>
    public static bool IsValid(string id) => id.Length is > 0 and <= MaxLength && !Invalid().IsMatch(id);

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex Invalid();
}
