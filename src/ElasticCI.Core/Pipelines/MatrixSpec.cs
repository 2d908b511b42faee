namespace ElasticCI.Pipelines;

/// <summary>
/// A step's <c>matrix</c>. The list form and <c>setup</c> given as a list have one dimension named "" (token
/// <c>{{matrix}}</c>); <c>setup</c> as a mapping has named dimensions (tokens <c>{{matrix.name}}</c>).
/// </summary>
internal sealed record MatrixSpec(IReadOnlyList<MatrixDimension> Dimensions, IReadOnlyList<MatrixAdjustment> Adjustments)
{
    public const int MaxDimensions = 6;
    public const int MaxValuesPerDimension = 25;
    public const int MaxAdjustments = 12;
    public const int MaxValueBytes = 128;
}
