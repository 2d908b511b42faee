using System.CommandLine;
using ElasticCI.Protocol.Jobs;

namespace ElasticCI.InJob;

/// <summary><c>buildkite-agent annotate [BODY] [--style S] [--context C] [--append]</c>.</summary>
internal static class AnnotateCommand
{
    public static Command Create(TextWriter error)
    {
        var body = new Argument<string?>("BODY") { Arity = ArgumentArity.ZeroOrOne, Description = "Markdown body; read from standard input when omitted" };
        var style = new Option<string?>("--style") { Description = "default, info, warning, error or success (default: default; when appending, the existing style)" };
        var context = new Option<string>("--context") { Description = "Annotation context", DefaultValueFactory = _ => "default" };
        var append = new Option<bool>("--append") { Description = "Append to the annotation of this context" };
        var command = new Command("annotate", "Annotate the build") { body, style, context, append };
        command.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            var text = parse.GetValue(body) ?? await Console.In.ReadToEndAsync(ct);
            await api.AnnotateAsync(new AnnotateRequest(text, parse.GetValue(style), parse.GetValue(context), parse.GetValue(append)), ct);
            return InJobExit.Ok;
        }));
        return command;
    }
}
