namespace ElasticCI.Testing.Containers;

/// <summary>
/// A tiny image built locally (no registry is reachable here): <c>FROM scratch</c> with Debian's busybox-static and
/// the glibc loader and libraries the native in-job buildkite-agent needs (libc, libm), so the agent mounted into a
/// container runs there although the image has no .NET and no distribution.
/// </summary>
public static class BusyboxImage
{
    public const string Name = "elastic-ci-test/busybox:1";

    private static readonly string[] Libraries =
        ["/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"];

    public static async Task BuildAsync(RootlessDocker engine)
    {
        var context = Directory.CreateTempSubdirectory("elastic-ci-image-").FullName;
        try
        {
            File.Copy("/bin/busybox", Path.Combine(context, "busybox"));
            foreach (var library in Libraries)
            {
                File.Copy(library, Path.Combine(context, Path.GetFileName(library)));
            }
            await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                COPY libc.so.6 libm.so.6 ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/
                COPY ld-linux-x86-64.so.2 /lib64/
                RUN ["/bin/busybox", "--install", "-s", "/bin"]
                """);
            // The rootless engine reads the build context through the CLI's upload, so root-owned 0700 is fine here.
            await engine.DockerAsync(["build", "-q", "-t", Name, context]);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }
}
