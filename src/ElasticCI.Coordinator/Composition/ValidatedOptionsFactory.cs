using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Composition;

/// <summary>
/// Serves the options the host was built with (already bound from flags, environment and file) through the options
/// pipeline, running every registered <see cref="IValidateOptions{TOptions}"/>: with <c>ValidateOnStart</c> a bad value
/// stops the host's start with all failures listed.
/// </summary>
internal sealed class ValidatedOptionsFactory<TOptions>(TOptions options, IEnumerable<IValidateOptions<TOptions>> validators) : IOptionsFactory<TOptions>
    where TOptions : class
{
    public TOptions Create(string name)
    {
        var failures = validators.Select(v => v.Validate(name, options)).Where(r => r.Failed).SelectMany(r => r.Failures ?? []).ToList();
        return failures.Count == 0 ? options : throw new OptionsValidationException(name, typeof(TOptions), failures);
    }
}
