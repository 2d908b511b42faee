namespace ElasticCI.Storage.Relational;

internal sealed class PipelineRow
{
    public string Slug { get; set; } = "";
    public string? Name { get; set; }
    public string? Repository { get; set; }
    public string? DefaultBranch { get; set; }
    public string Configuration { get; set; } = "";
    public long CreatedAt { get; set; }
    public long? UpdatedAt { get; set; }

    public PipelineRecord ToRecord() => new(
        Slug, string.IsNullOrEmpty(Name) ? Slug : Name, Repository ?? "", string.IsNullOrEmpty(DefaultBranch) ? "main" : DefaultBranch,
        Configuration, Time.From(CreatedAt), Time.From(UpdatedAt ?? CreatedAt));
}
