using System.Text.RegularExpressions;

namespace ElasticCI.Stacks;

/// <summary>Checks of the secrets-bucket parameters: a bucket setting needs <c>SecretsBucket</c>, and names, regions and endpoints must be well-formed.</summary>
internal static partial class StackSecretsRules
{
    public static void Bucket(StackDefinition stack, string where, List<string> errors)
    {
        if (stack.SecretsBucket is { } bucket && (!BucketPattern().IsMatch(bucket) || bucket.Contains("..", StringComparison.Ordinal)))
        {
            errors.Add($"{where}: SecretsBucket '{bucket}' is not a valid bucket name (3-63 lower-case letters, digits, dots and dashes)");
        }
    }

    public static void Region(StackDefinition stack, string where, List<string> errors)
    {
        if (NeedsBucket(stack, stack.SecretsBucketRegion is not null, "SecretsBucketRegion", where, errors))
        {
            return;
        }
        if (stack.SecretsBucketRegion is { } region && !RegionPattern().IsMatch(region))
        {
            errors.Add($"{where}: SecretsBucketRegion '{region}' is not a region name (e.g. us-east-1)");
        }
    }

    public static void Endpoint(StackDefinition stack, string where, List<string> errors)
    {
        if (NeedsBucket(stack, stack.SecretsBucketEndpoint is not null, "SecretsBucketEndpoint", where, errors))
        {
            return;
        }
        if (stack.SecretsBucketEndpoint is { } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0))
        {
            errors.Add($"{where}: SecretsBucketEndpoint '{endpoint}' must be an http or https URL");
        }
    }

    public static void Encryption(StackDefinition stack, string where, List<string> errors)
        => NeedsBucket(stack, stack.SecretsBucketEncryption, "SecretsBucketEncryption", where, errors);

    public static void ClientSideEncryption(StackDefinition stack, string where, List<string> errors)
        => NeedsBucket(stack, stack.SecretsClientSideEncryption, "SecretsClientSideEncryption", where, errors);

    /// <returns>True when there is no bucket (so the value's own format does not matter).</returns>
    private static bool NeedsBucket(StackDefinition stack, bool set, string name, string where, List<string> errors)
    {
        if (stack.SecretsBucket is not null)
        {
            return false;
        }
        if (set)
        {
            errors.Add($"{where}: {name} needs SecretsBucket (without it the local encrypted store is used)");
        }
        return true;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();
}
