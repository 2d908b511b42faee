using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ElasticCI.Agent.Interop;

/// <summary>
/// A pseudo-terminal for a job: the agent keeps the master (and reads the job's output from it); the job's executor
/// opens the slave by <see cref="SlavePath"/> as its controlling terminal and standard streams. Both our descriptors
/// are close-on-exec, so no other child process inherits them. The agent also holds the slave open until
/// <see cref="ReleaseSlave"/> so nothing written before the executor opened it, or after its last step, is lost.
/// </summary>
internal sealed class PseudoTerminal : IDisposable
{
    private readonly SafeFileHandle _master;
    private int _slave;

    private PseudoTerminal(SafeFileHandle master, int slave, string slavePath)
    {
        _master = master;
        _slave = slave;
        SlavePath = slavePath;
        Output = new PtyOutputStream(new FileStream(master, FileAccess.Read, bufferSize: 0));
    }

    public string SlavePath { get; }

    /// <summary>Everything written to the terminal; ends when no process holds the slave any more.</summary>
    public Stream Output { get; }

    public static PseudoTerminal Open()
    {
        var master = NativeMethods.PosixOpenpt(NativeMethods.ORdWr | NativeMethods.ONoCtty | NativeMethods.OCloExec);
        if (master < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "posix_openpt failed");
        }
        var handle = new SafeFileHandle(master, ownsHandle: true);
        var buffer = new byte[256];
        if (NativeMethods.Grantpt(master) != 0 || NativeMethods.Unlockpt(master) != 0 || NativeMethods.PtsnameR(master, buffer, (nuint)buffer.Length) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw new Win32Exception(error, "could not set up the pseudo-terminal");
        }
        var path = Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0));
        var slave = NativeMethods.Open(path, NativeMethods.ORdWr | NativeMethods.ONoCtty | NativeMethods.OCloExec);
        if (slave < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw new Win32Exception(error, $"could not open {path}");
        }
        return new PseudoTerminal(handle, slave, path);
    }

    /// <summary>Drops the agent's own hold on the slave: once the job's processes close it too, <see cref="Output"/> ends.</summary>
    public void ReleaseSlave()
    {
        var slave = Interlocked.Exchange(ref _slave, -1);
        if (slave >= 0)
        {
            NativeMethods.Close(slave);
        }
    }

    public void Dispose()
    {
        ReleaseSlave();
        Output.Dispose();
        _master.Dispose();
    }

    /// <summary>Reading a master whose slave is closed everywhere fails with EIO: that is the end of the output.</summary>
    private sealed class PtyOutputStream(FileStream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return inner.Read(buffer, offset, count);
            }
            catch (IOException)
            {
                return 0;
            }
        }

        // A terminal master cannot be read asynchronously: FileStream would block a thread-pool thread for as long as
        // the job is quiet, and a few concurrent jobs starve the pool (heartbeats stop, agents are reported lost).
        // Each read therefore blocks a dedicated thread instead.
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var chunk = new byte[buffer.Length];
            var read = await Task.Factory.StartNew(() => Read(chunk, 0, chunk.Length), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            chunk.AsSpan(0, read).CopyTo(buffer.Span);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
