namespace ElasticCI.Scaling;

/// <summary>What one scaler tick decided: how many instances the stack should have, what to launch or drain, and why.</summary>
internal sealed record ScalingDecision(int Desired, int Launch, IReadOnlyList<string> Drain, string Reason)
{
    public bool IsNoOp => Launch == 0 && Drain.Count == 0;
}
