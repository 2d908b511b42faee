namespace ElasticCI.Storage.Relational;

internal sealed class NotificationRow
{
    public string BuildId { get; set; } = "";
    public long Idx { get; set; }
    public string Channel { get; set; } = "";
    public string Target { get; set; } = "";
    public string State { get; set; } = "";
    public long Attempts { get; set; }
    public string? LastError { get; set; }
    public long UpdatedAt { get; set; }

    public string? JobId { get; set; }

    public NotificationRecord ToRecord() => new(BuildId, (int)Idx, Channel, Target, State, (int)Attempts, LastError, Time.From(UpdatedAt)) { JobId = JobId };
}
