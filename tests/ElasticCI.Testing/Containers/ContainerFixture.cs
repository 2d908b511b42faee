namespace ElasticCI.Testing.Containers;

/// <summary>
/// One authenticated registry, one rootless engine allowed to use it, and the busybox test image, shared by a test
/// collection. The registry is reached by the engine (and its containers) as <see cref="RegistryAddress"/>.
/// </summary>
public sealed class ContainerFixture : IAsyncDisposable
{
    private ContainerFixture(RegistryServer registry, RootlessDocker engine)
    {
        Registry = registry;
        Engine = engine;
    }

    public RegistryServer Registry { get; }

    public RootlessDocker Engine { get; }

    /// <summary><c>10.0.2.2:PORT</c>: the loopback registry as the rootless engine sees it.</summary>
    public string RegistryAddress => $"{RootlessDocker.HostGateway}:{Registry.Port}";

    public static async Task<ContainerFixture> StartAsync()
    {
        var registry = await RegistryServer.StartAsync();
        RootlessDocker? engine = null;
        try
        {
            engine = await RootlessDocker.StartAsync($"{RootlessDocker.HostGateway}:{registry.Port}");
            await BusyboxImage.BuildAsync(engine);
            return new ContainerFixture(registry, engine);
        }
        catch
        {
            if (engine is not null)
            {
                await engine.DisposeAsync();
            }
            await registry.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Registry.DisposeAsync();
    }
}
