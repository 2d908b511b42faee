namespace ElasticCI.Stacks;

/// <summary>Range checks of the health, spot, bootstrap and disk parameters; each problem is added, none stops the others.</summary>
internal static class StackHealthRules
{
    public static void Check(StackDefinition stack, string where, List<string> errors)
    {
        if (stack.OnDemandBaseCapacity < 0)
        {
            errors.Add($"{where}: OnDemandBaseCapacity must be 0 or more, was {stack.OnDemandBaseCapacity}");
        }
        if (stack.DanglingInstanceGracePeriod <= TimeSpan.Zero)
        {
            errors.Add($"{where}: DanglingInstanceGracePeriod must be at least 1 second, was {stack.DanglingInstanceGracePeriod.TotalSeconds:0}");
        }
        if (stack.BootstrapScriptTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{where}: BootstrapScriptTimeout must be at least 1 second, was {stack.BootstrapScriptTimeout.TotalSeconds:0}");
        }
        if (stack.Provider == "local")
        {
            NotOnLocal(stack.BootstrapScriptUrl, "BootstrapScriptUrl", where, errors);
            NotOnLocal(stack.AgentEnvFileUrl, "AgentEnvFileUrl", where, errors);
        }
        if (stack.DiskMinFreeBytes < 0)
        {
            errors.Add($"{where}: DiskMinFreeBytes must be 0 or more, was {stack.DiskMinFreeBytes}");
        }
        if (stack.DiskMinFreeInodes < 0)
        {
            errors.Add($"{where}: DiskMinFreeInodes must be 0 or more, was {stack.DiskMinFreeInodes}");
        }
    }

    // The local provider fetches with HttpClient or from the file system; S3 and SSM need a cloud provider's credentials.
    private static void NotOnLocal(string? value, string name, string where, List<string> errors)
    {
        if (value is not null && (value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("ssm:", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"{where}: {name} '{value}' is not supported by provider local (use an absolute path, file://, http:// or https://)");
        }
    }
}
