using System.Globalization;
using System.Text.RegularExpressions;
using ElasticCI.Scaling;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Stacks;

/// <summary>
/// Reads the <c>stacks:</c> list of <c>elastic-ci.yml</c>. Parameter names are matched case-insensitively;
/// every problem is reported, with its line, not just the first.
/// </summary>
internal static partial class StackConfigParser
{
    public static readonly IReadOnlySet<string> KnownProviders = new HashSet<string>(StringComparer.Ordinal) { "local" };

    public static (IReadOnlyList<StackDefinition> Stacks, IReadOnlyList<string> Errors) Parse(string yaml, string fileName)
    {
        var errors = new List<string>();
        var stacks = new List<StackDefinition>();
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                return ([], [$"{fileName}: expected a mapping with a 'stacks' list"]);
            }
            root = mapping;
        }
        catch (YamlException ex)
        {
            return ([], [$"{fileName}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {ex.InnerException?.Message ?? ex.Message}"]);
        }

        var stacksNode = root.Children.FirstOrDefault(kv => Key(kv.Key).Equals("stacks", StringComparison.OrdinalIgnoreCase)).Value;
        if (stacksNode is not YamlSequenceNode list)
        {
            return ([], [$"{fileName}: 'stacks' must be a list of stacks"]);
        }
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode stackNode)
            {
                errors.Add($"{fileName}:{item.Start.Line}: each stack must be a mapping of parameters");
                continue;
            }
            var stack = ParseStack(stackNode, fileName, errors);
            if (stack is not null)
            {
                stacks.Add(stack);
            }
        }
        Validate(stacks, fileName, errors);
        return (stacks, errors);
    }

    /// <summary>Problems that make a set of stacks unusable, independent of where they came from.</summary>
    public static void Validate(IReadOnlyList<StackDefinition> stacks, string source, List<string> errors)
    {
        foreach (var stack in stacks)
        {
            var where = $"{source}: stack '{stack.Name}'";
            if (!NamePattern().IsMatch(stack.Name))
            {
                errors.Add($"{where}: Name must be lower-case letters, digits and dashes (at most 63)");
            }
            if (string.IsNullOrWhiteSpace(stack.Queue))
            {
                errors.Add($"{where}: Queue must not be empty");
            }
            if (!KnownProviders.Contains(stack.Provider))
            {
                errors.Add($"{where}: Provider '{stack.Provider}' is not known (known: {string.Join(", ", KnownProviders)})");
            }
            if (stack.Scaling.MinSize < 0)
            {
                errors.Add($"{where}: MinSize must be 0 or more, was {stack.Scaling.MinSize}");
            }
            if (stack.Scaling.MaxSize < stack.Scaling.MinSize || stack.Scaling.MaxSize < 0)
            {
                errors.Add($"{where}: MaxSize must be at least MinSize ({stack.Scaling.MinSize}), was {stack.Scaling.MaxSize}");
            }
            if (stack.Scaling.AgentsPerInstance < 1)
            {
                errors.Add($"{where}: AgentsPerInstance must be at least 1, was {stack.Scaling.AgentsPerInstance}");
            }
            if (stack.ScaleInIdlePeriod < TimeSpan.Zero)
            {
                errors.Add($"{where}: ScaleInIdlePeriod must be 0 or more seconds");
            }
            StackParameterRules.Check(stack, where, errors);
            StackRolloutAndMetricsRules.Check(stack, where, errors);
            StackHealthRules.Check(stack, where, errors);
        }
        foreach (var group in stacks.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{source}: stack name '{group.Key}' is used {group.Count()} times");
        }
        foreach (var group in stacks.GroupBy(s => s.Queue, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            // The original's warning: two fleets on one queue each scale for the whole queue.
            errors.Add($"{source}: queue '{group.Key}' is served by several stacks ({string.Join(", ", group.Select(s => s.Name))})");
        }
    }

    private static StackDefinition? ParseStack(YamlMappingNode node, string fileName, List<string> errors)
    {
        var values = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var key = Key(keyNode);
            if (!values.TryAdd(key, valueNode))
            {
                errors.Add($"{fileName}:{keyNode.Start.Line}: parameter '{key}' is given twice");
            }
        }
        var count = errors.Count;
        var name = Text(values, "Name", fileName, errors);
        if (name is null)
        {
            errors.Add($"{fileName}:{node.Start.Line}: a stack needs a Name");
            return null;
        }
        var stack = new StackDefinition { Name = name };
        foreach (var (key, value) in values)
        {
            stack = key.ToUpperInvariant() switch
            {
                "NAME" => stack,
                "QUEUE" => stack with { Queue = Text(values, key, fileName, errors) ?? stack.Queue },
                "PROVIDER" => stack with { Provider = Text(values, key, fileName, errors) ?? stack.Provider },
                "INSTANCETYPE" => stack with { InstanceType = Text(values, key, fileName, errors) ?? stack.InstanceType },
                "MINSIZE" => Sized(stack, p => p with { MinSize = Integer(value, key, fileName, errors) ?? p.MinSize }),
                "MAXSIZE" => Sized(stack, p => p with { MaxSize = Integer(value, key, fileName, errors) ?? p.MaxSize }),
                "AGENTSPERINSTANCE" => Sized(stack, p => p with { AgentsPerInstance = Integer(value, key, fileName, errors) ?? p.AgentsPerInstance }),
                "SCALEINIDLEPERIOD" => stack with { ScaleInIdlePeriod = Seconds(value, key, fileName, errors) ?? stack.ScaleInIdlePeriod },
                "ISOLATION" => stack with { Isolation = Text(values, key, fileName, errors)?.ToLowerInvariant() ?? stack.Isolation },
                "POLICY" => stack with { Policy = Text(values, key, fileName, errors)?.ToLowerInvariant() ?? stack.Policy },
                "SCALEOUTFACTOR" => Sized(stack, p => p with { ScaleOutFactor = Number(value, key, fileName, errors) ?? p.ScaleOutFactor }),
                "SCALEINFACTOR" => Sized(stack, p => p with { ScaleInFactor = Number(value, key, fileName, errors) ?? p.ScaleInFactor }),
                "SCALEOUTCOOLDOWNPERIOD" => Sized(stack, p => p with { ScaleOutCooldownPeriod = Seconds(value, key, fileName, errors) ?? p.ScaleOutCooldownPeriod }),
                "SCALEINCOOLDOWNPERIOD" => Sized(stack, p => p with { ScaleInCooldownPeriod = Seconds(value, key, fileName, errors) ?? p.ScaleInCooldownPeriod }),
                "SCALEONLYAFTERALLEVENT" => Sized(stack, p => p with { ScaleOnlyAfterAllEvent = Boolean(value, key, fileName, errors) ?? p.ScaleOnlyAfterAllEvent }),
                "DISABLESCALEIN" => Sized(stack, p => p with { DisableScaleIn = Boolean(value, key, fileName, errors) ?? p.DisableScaleIn }),
                "DISABLESCALEOUT" => Sized(stack, p => p with { DisableScaleOut = Boolean(value, key, fileName, errors) ?? p.DisableScaleOut }),
                "SCALEOUTFORWAITINGJOBS" => Sized(stack, p => p with { ScaleOutForWaitingJobs = Boolean(value, key, fileName, errors) ?? p.ScaleOutForWaitingJobs }),
                "INSTANCEBUFFER" => Sized(stack, p => p with { InstanceBuffer = Integer(value, key, fileName, errors) ?? p.InstanceBuffer }),
                "AVAILABILITYTHRESHOLD" => Sized(stack, p => p with { AvailabilityThreshold = Number(value, key, fileName, errors) ?? p.AvailabilityThreshold }),
                "MAXINSTANCECAP" => Sized(stack, p => p with { MaxInstanceCap = Integer(value, key, fileName, errors) ?? p.MaxInstanceCap }),
                "INSTANCECREATIONTIMEOUT" => stack with { InstanceCreationTimeout = Seconds(value, key, fileName, errors) ?? stack.InstanceCreationTimeout },
                "BUILDKITETERMINATEINSTANCEAFTERJOB" => stack with { BuildkiteTerminateInstanceAfterJob = Boolean(value, key, fileName, errors) ?? stack.BuildkiteTerminateInstanceAfterJob },
                "BUILDKITEAGENTDISCONNECTAFTERUPTIME" => stack with { BuildkiteAgentDisconnectAfterUptime = Seconds(value, key, fileName, errors) ?? stack.BuildkiteAgentDisconnectAfterUptime },
                "ONDEMANDPERCENTAGE" => stack with { OnDemandPercentage = Integer(value, key, fileName, errors) ?? stack.OnDemandPercentage },
                "BOOTSTRAPSCRIPTURL" => stack with { BootstrapScriptUrl = Text(values, key, fileName, errors) ?? stack.BootstrapScriptUrl },
                "AGENTENVFILEURL" => stack with { AgentEnvFileUrl = Text(values, key, fileName, errors) ?? stack.AgentEnvFileUrl },
                "ENABLESCHEDULEDSCALING" => stack with { EnableScheduledScaling = Boolean(value, key, fileName, errors) ?? stack.EnableScheduledScaling },
                "SCALEUPSCHEDULE" => stack with { ScaleUpSchedule = Text(values, key, fileName, errors) ?? stack.ScaleUpSchedule },
                "SCALEDOWNSCHEDULE" => stack with { ScaleDownSchedule = Text(values, key, fileName, errors) ?? stack.ScaleDownSchedule },
                "SCALEUPMINSIZE" => stack with { ScaleUpMinSize = Integer(value, key, fileName, errors) ?? stack.ScaleUpMinSize },
                "SCALEDOWNMINSIZE" => stack with { ScaleDownMinSize = Integer(value, key, fileName, errors) ?? stack.ScaleDownMinSize },
                "SCHEDULETIMEZONE" => stack with { ScheduleTimezone = Text(values, key, fileName, errors) ?? stack.ScheduleTimezone },
                "ENABLESECRETSPLUGIN" => stack with { EnableSecretsPlugin = Boolean(value, key, fileName, errors) ?? stack.EnableSecretsPlugin },
                "SECRETSBUCKET" => stack with { SecretsBucket = Text(values, key, fileName, errors) ?? stack.SecretsBucket },
                "SECRETSBUCKETREGION" => stack with { SecretsBucketRegion = Text(values, key, fileName, errors) ?? stack.SecretsBucketRegion },
                "SECRETSBUCKETENDPOINT" => stack with { SecretsBucketEndpoint = Text(values, key, fileName, errors) ?? stack.SecretsBucketEndpoint },
                "SECRETSBUCKETENCRYPTION" => stack with { SecretsBucketEncryption = Boolean(value, key, fileName, errors) ?? stack.SecretsBucketEncryption },
                "SECRETSCLIENTSIDEENCRYPTION" => stack with { SecretsClientSideEncryption = Boolean(value, key, fileName, errors) ?? stack.SecretsClientSideEncryption },
                "MAXSURGE" => stack with { MaxSurge = Integer(value, key, fileName, errors) ?? stack.MaxSurge },
                "MAXUNAVAILABLE" => stack with { MaxUnavailable = Integer(value, key, fileName, errors) ?? stack.MaxUnavailable },
                "METRICSSOURCE" => stack with { MetricsSource = Text(values, key, fileName, errors)?.ToLowerInvariant() ?? stack.MetricsSource },
                "BUILDKITEAGENTENDPOINT" => stack with { BuildkiteAgentEndpoint = Text(values, key, fileName, errors) ?? stack.BuildkiteAgentEndpoint },
                "BUILDKITEAGENTTOKENFILE" => stack with { BuildkiteAgentTokenFile = Text(values, key, fileName, errors) ?? stack.BuildkiteAgentTokenFile },
                "MINPOLLINTERVAL" => stack with { MinPollInterval = Seconds(value, key, fileName, errors) ?? stack.MinPollInterval },
                "ONDEMANDBASECAPACITY" => stack with { OnDemandBaseCapacity = Integer(value, key, fileName, errors) ?? stack.OnDemandBaseCapacity },
                "DANGLINGINSTANCEGRACEPERIOD" => stack with { DanglingInstanceGracePeriod = Seconds(value, key, fileName, errors) ?? stack.DanglingInstanceGracePeriod },
                "BOOTSTRAPSCRIPTTIMEOUT" => stack with { BootstrapScriptTimeout = Seconds(value, key, fileName, errors) ?? stack.BootstrapScriptTimeout },
                "DISKMINFREEBYTES" => stack with { DiskMinFreeBytes = Long(value, key, fileName, errors) ?? stack.DiskMinFreeBytes },
                "DISKMINFREEINODES" => stack with { DiskMinFreeInodes = Long(value, key, fileName, errors) ?? stack.DiskMinFreeInodes },
                "BUILDKITETERMINATEINSTANCEONDISKFULL" => stack with { BuildkiteTerminateInstanceOnDiskFull = Boolean(value, key, fileName, errors) ?? stack.BuildkiteTerminateInstanceOnDiskFull },
                _ => Unknown(stack, key, value, fileName, errors),
            };
        }
        return errors.Count == count ? stack : null;
    }

    private static StackDefinition Sized(StackDefinition stack, Func<ScalingParameters, ScalingParameters> change)
        => stack with { Scaling = change(stack.Scaling) };

    private static StackDefinition Unknown(StackDefinition stack, string key, YamlNode value, string fileName, List<string> errors)
    {
        errors.Add($"{fileName}:{value.Start.Line}: stack '{stack.Name}': unknown parameter '{key}'");
        return stack;
    }

    private static string Key(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? "" : "";

    private static string? Text(Dictionary<string, YamlNode> values, string key, string fileName, List<string> errors)
    {
        if (!values.TryGetValue(key, out var node))
        {
            return null;
        }
        if (node is YamlScalarNode { Value: { Length: > 0 } text })
        {
            return text;
        }
        errors.Add($"{fileName}:{node.Start.Line}: {key} must be a non-empty string");
        return null;
    }

    private static int? Integer(YamlNode node, string key, string fileName, List<string> errors)
    {
        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add($"{fileName}:{node.Start.Line}: {key} must be a whole number, got '{(node as YamlScalarNode)?.Value}'");
        return null;
    }

    private static long? Long(YamlNode node, string key, string fileName, List<string> errors)
    {
        if (node is YamlScalarNode { Value: { } text } && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors.Add($"{fileName}:{node.Start.Line}: {key} must be a whole number, got '{(node as YamlScalarNode)?.Value}'");
        return null;
    }

    private static double? Number(YamlNode node, string key, string fileName, List<string> errors)
    {
        if (node is YamlScalarNode { Value: { } text }
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }
        errors.Add($"{fileName}:{node.Start.Line}: {key} must be a number, got '{(node as YamlScalarNode)?.Value}'");
        return null;
    }

    private static bool? Boolean(YamlNode node, string key, string fileName, List<string> errors)
    {
        if (node is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var value))
        {
            return value;
        }
        errors.Add($"{fileName}:{node.Start.Line}: {key} must be true or false, got '{(node as YamlScalarNode)?.Value}'");
        return null;
    }

    private static TimeSpan? Seconds(YamlNode node, string key, string fileName, List<string> errors)
        => Integer(node, key, fileName, errors) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,62})$")]
    private static partial Regex NamePattern();
}
