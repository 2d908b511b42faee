namespace ElasticCI.Pipelines;

/// <summary><c>ordered</c> (FIFO, the default) or <c>eager</c> (any waiting job may take a free slot).</summary>
internal enum ConcurrencyMethod
{
    Ordered,
    Eager,
}
