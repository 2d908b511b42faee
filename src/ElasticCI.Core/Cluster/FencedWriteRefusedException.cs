namespace ElasticCI.Cluster;

/// <summary>
/// A write of once-only work was refused because its leader term is over (<see cref="Verdict"/> says who leads now). It is
/// the cancellation of the term's own token (already canceled when this is thrown), so every duty loop ends its term
/// quietly, as when the lease loop notices the loss first; the refused transaction changed nothing.
/// </summary>
internal sealed class FencedWriteRefusedException(FenceVerdict verdict, CancellationToken termToken)
    : OperationCanceledException(
        $"write refused: leader term {verdict.Epoch} is over (the lease is held by '{verdict.Holder}' in term {verdict.HolderEpoch})", termToken)
{
    public FenceVerdict Verdict { get; } = verdict;
}
