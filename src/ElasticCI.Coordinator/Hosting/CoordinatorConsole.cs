namespace ElasticCI.Coordinator.Hosting;

/// <summary>Where the coordinator writes what an operator reads in the foreground (the SIGHUP reload report): the CLI's streams.</summary>
internal sealed record CoordinatorConsole(TextWriter Output, TextWriter Error);
