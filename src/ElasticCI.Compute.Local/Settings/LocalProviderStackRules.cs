using ElasticCI.Stacks;

namespace ElasticCI.Compute.Local.Settings;

/// <summary>What the <c>local</c> provider cannot do with a stack's settings: it fetches with HttpClient or from the file system, so S3 and SSM URLs need a cloud provider's credentials.</summary>
internal static class LocalProviderStackRules
{
    public static void Check(StackDefinition stack, string where, List<string> errors)
    {
        if (stack.Provider != "local")
        {
            return;
        }
        NotOnLocal(stack.BootstrapScriptUrl, "BootstrapScriptUrl", where, errors);
        NotOnLocal(stack.AgentEnvFileUrl, "AgentEnvFileUrl", where, errors);
    }

    private static void NotOnLocal(string? value, string name, string where, List<string> errors)
    {
        if (value is not null && (value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("ssm:", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"{where}: {name} '{value}' is not supported by provider local (use an absolute path, file://, http:// or https://)");
        }
    }
}
