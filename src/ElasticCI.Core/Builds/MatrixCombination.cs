using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>One matrix combination with what its adjustment (if any) says about it.</summary>
internal sealed record MatrixCombination(IReadOnlyDictionary<string, string> Values, string? Skip, SoftFail? SoftFail)
{
    /// <summary>
    /// The combinations of <paramref name="matrix"/>: the cartesian product of <c>setup</c> in order (first dimension
    /// varies slowest), adjusted in place where an adjustment names one, plus adjustments naming new combinations.
    /// </summary>
    public static List<MatrixCombination> Expand(MatrixSpec matrix)
    {
        IEnumerable<Dictionary<string, string>> product = [new Dictionary<string, string>(StringComparer.Ordinal)];
        foreach (var dimension in matrix.Dimensions)
        {
            product = product.SelectMany(partial => dimension.Values.Select(value =>
                new Dictionary<string, string>(partial, StringComparer.Ordinal) { [dimension.Name] = value }));
        }

        var combinations = product.Select(values => new MatrixCombination(values, null, null)).ToList();
        foreach (var adjustment in matrix.Adjustments)
        {
            var index = combinations.FindIndex(c => SameValues(c.Values, adjustment.With));
            if (index < 0)
            {
                combinations.Add(new MatrixCombination(adjustment.With, adjustment.Skip, adjustment.SoftFail));
            }
            else
            {
                combinations[index] = combinations[index] with
                {
                    Skip = adjustment.Skip ?? combinations[index].Skip,
                    SoftFail = adjustment.SoftFail ?? combinations[index].SoftFail,
                };
            }
        }

        return combinations;
    }

    /// <summary>How many jobs the matrix gives, without building them (for the job limit).</summary>
    public static int Count(MatrixSpec matrix)
    {
        var product = matrix.Dimensions.Aggregate(1L, (n, d) => n * d.Values.Count);
        var existing = matrix.Dimensions.Select(d => d.Values.ToHashSet(StringComparer.Ordinal)).ToList();
        var added = matrix.Adjustments
            .Where(a => !matrix.Dimensions.Select((d, i) => a.With.TryGetValue(d.Name, out var v) && existing[i].Contains(v)).All(x => x))
            .Select(a => string.Join("\u0000", matrix.Dimensions.Select(d => a.With.GetValueOrDefault(d.Name))))
            .Distinct(StringComparer.Ordinal)
            .Count();
        return (int)Math.Min(int.MaxValue, product + added);
    }

    private static bool SameValues(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
        => a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
