namespace ElasticCI.EndToEnd.Dashboard;

/// <summary>The dashboard, metrics and event-stream tests share one coordinator and one browser.</summary>
[CollectionDefinition("Dashboard")]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>;
