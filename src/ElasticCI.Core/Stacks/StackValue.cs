using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Stacks;

/// <summary>A YAML value of a stack parameter with what its error messages need: the key as written, the file, the error list.</summary>
internal sealed record StackValue(YamlNode Node, string Key, string FileName, List<string> Errors)
{
    private string? Scalar => (Node as YamlScalarNode)?.Value;

    public string? Text()
    {
        if (Node is YamlScalarNode { Value: { Length: > 0 } text })
        {
            return text;
        }
        Errors.Add($"{FileName}:{Node.Start.Line}: {Key} must be a non-empty string");
        return null;
    }

    public int? Integer()
    {
        if (Scalar is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        return Fail<int>("must be a whole number");
    }

    public long? Long()
    {
        if (Scalar is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        return Fail<long>("must be a whole number");
    }

    public double? Number()
    {
        if (Scalar is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }
        return Fail<double>("must be a number");
    }

    public bool? Boolean()
    {
        if (Scalar is { } text && bool.TryParse(text, out var value))
        {
            return value;
        }
        return Fail<bool>("must be true or false");
    }

    private T? Fail<T>(string rule)
        where T : struct
    {
        Errors.Add($"{FileName}:{Node.Start.Line}: {Key} {rule}, got '{Scalar}'");
        return null;
    }
}
