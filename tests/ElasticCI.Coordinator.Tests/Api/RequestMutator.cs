using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>Seeded generator of hostile requests: odd paths, tokens, queries, content types and bodies (JSON, YAML, bytes).</summary>
internal sealed class RequestMutator(int seed, IReadOnlyList<(string Method, string Pattern)> endpoints, FuzzIds initialIds)
{
    private FuzzIds _ids = initialIds;

    private static readonly string[] Fields =
    [
        "pipeline", "yaml", "configuration", "fileName", "branch", "commit", "message", "env", "repository", "name", "defaultBranch",
        "fields", "exitStatus", "signal", "signalReason", "sequence", "offset", "uploadId", "replace", "environment", "changedFiles",
        "key", "value", "context", "style", "body", "append", "tags", "instanceId", "hostname", "pid", "path", "limit",
    ];

    private static readonly string[] Queries = ["limit", "offset", "pipeline", "prefix", "stack", "key", "path", "id"];

    private static readonly string[] Pipelines =
    [
        "steps:\n  - command: echo hi\n",
        "steps:\n  - label: a\n    command: make\n    key: a\n  - wait\n  - block: ok\n    fields: [{text: x, key: x}]\n  - trigger: other\n",
        "notify:\n  - webhook: http://127.0.0.1:1/x\nsteps:\n  - command: t\n    matrix: [a, b]\n    if_changed: 'src/**'\n",
        "steps:\n  - group: g\n    steps:\n      - command: x\n        depends_on: missing\n",
        "env: {A: 1}\nagents: [queue=x]\nsteps:\n  - command: ${A?no}\n    parallelism: 600\n",
        "- wait\n- command: x\n",
    ];

    private readonly Random _random = new(seed);

    /// <summary>Fresh ids and tokens, after a fuzzed disconnect or finish killed the old agent and job tokens.</summary>
    public FuzzIds Ids
    {
        get => _ids;
        set => _ids = value;
    }

    public (HttpRequestMessage Request, string Description) Next()
    {
        var (method, pattern) = endpoints[_random.Next(endpoints.Count)];
        if (_random.Next(20) == 0)
        {
            method = Pick("GET", "POST", "PUT", "DELETE", "PATCH");
        }
        var path = FillRoute(pattern) + Query();
        var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        var token = _random.Next(10) < 6 ? "Bearer " + RightToken(pattern) : Token();
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }
        var (content, what) = Body();
        if (content is not null)
        {
            request.Content = content;
        }
        return (request, $"{method} {path} auth={(token is null ? "none" : token.Length > 40 ? token[..40] : token)} body={what}");
    }

    private string FillRoute(string pattern)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.Split('/'))
        {
            if (path.Length > 0 || segment.Length > 0)
            {
                path.Append('/');
            }
            path.Append(segment.StartsWith('{') ? Segment() : segment);
        }
        if (_random.Next(15) == 0)
        {
            path.Append('/').Append(Segment());
        }
        return path.ToString();
    }

    private string Segment() => _random.Next(12) switch
    {
        0 => _ids.BuildId,
        1 => _ids.JobId,
        2 => _ids.BlockJobId,
        3 => _ids.AgentId,
        4 => "..%2F..%2Fetc%2Fpasswd",
        5 => new string('a', _random.Next(1, 5000)),
        6 => Uri.EscapeDataString(UrlText(_random.Next(1, 40))),
        7 => "%FF%FE%00",
        8 => _random.Next(-5, 5).ToString(CultureInfo.InvariantCulture),
        9 => "fuzz-target",
        10 => "a/b/../c",
        _ => "%2E%2E",
    };

    private string Query()
    {
        if (_random.Next(3) != 0)
        {
            return "";
        }
        var parts = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Pick(Queries) + "=" + Pick(
            "-1", "0", "1", "100", "101", "99999999999999999999", "abc", "", "%00", "1e9", "fuzz-target", _ids.BuildId, Uri.EscapeDataString(UrlText(10))));
        return "?" + string.Join('&', parts);
    }

    // The token the endpoint wants, so most mutations get past authentication to the code that reads them.
    private string RightToken(string pattern)
        => pattern.StartsWith("/api/agent/v1/job", StringComparison.Ordinal) ? _ids.JobToken
            : pattern.StartsWith("/api/agent/v1/register", StringComparison.Ordinal) ? _ids.RegistrationToken
            : pattern.StartsWith("/api/agent/v1", StringComparison.Ordinal) ? _ids.AgentToken
            : _ids.ApiToken;

    private string? Token() => _random.Next(10) switch
    {
        0 => null,
        1 => "Bearer " + _ids.ApiToken,
        2 => "Bearer " + _ids.AgentToken,
        3 => "Bearer " + _ids.JobToken,
        4 => "Bearer " + _ids.RegistrationToken,
        5 => "Bearer",
        6 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("a:b")),
        7 => "Bearer " + UrlText(_random.Next(0, 200)),
        _ => "Bearer " + Pick(_ids.ApiToken, _ids.AgentToken, _ids.JobToken),
    };

    private (HttpContent? Content, string What) Body()
    {
        var kind = _random.Next(12);
        switch (kind)
        {
            case 0:
                return (null, "none");
            case 1:
                return (Bytes([0xFF, 0xFE, 0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1]), "invalid utf-8");
            case 2:
                return (Text(new string('[', _random.Next(10, 5000)), "application/json"), "deep array");
            case 3:
                return (Text(string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2000), "application/json"), "deep object");
            case 4:
                return (Text(Pick(Pipelines), Pick("text/plain", "application/yaml", "application/json", "application/xml")), "raw yaml");
            case 5:
                var bytes = new byte[_random.Next(0, 3000)];
                _random.NextBytes(bytes);
                return (Bytes(bytes), "random bytes");
            default:
                var json = JsonValue(0);
                return (Text(json, _random.Next(8) == 0 ? Pick("text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1") : "application/json"),
                    json.Length > 120 ? json[..120] + "…" : json);
        }
    }

    private string JsonValue(int depth)
    {
        var kind = depth > 4 ? _random.Next(7) : _random.Next(10);
        return kind switch
        {
            0 => "null",
            1 => Pick("true", "false"),
            2 => Pick("0", "-1", "1e400", "99999999999999999999999", "-9223372036854775809", "1.5", "NaN", "2147483648"),
            3 => Quote(RandomText(_random.Next(0, 30))),
            4 => Quote(Pick(Pipelines)),
            5 => Quote(Pick(_ids.BuildId, _ids.JobId, _ids.AgentId, "fuzz-target", "", "\u0000", new string('x', 70000))),
            6 => Pick("{", "[1,", "\"unterminated", "{\"a\":}", "", "{'single': 1}"),
            7 or 8 => "{" + string.Join(',', Enumerable.Range(0, _random.Next(0, 8)).Select(_ => Quote(Pick(Fields)) + ":" + JsonValue(depth + 1))) + "}",
            _ => "[" + string.Join(',', Enumerable.Range(0, _random.Next(0, 5)).Select(_ => JsonValue(depth + 1))) + "]",
        };
    }

    private string RandomText(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(_random.Next(6) switch
            {
                0 => (char)_random.Next(0, 32),
                1 => (char)_random.Next(0xD800, 0xDFFF),
                2 => (char)_random.Next(0x80, 0x2FFF),
                _ => (char)_random.Next(32, 127),
            });
        }
        return text.ToString();
    }

    // Printable ASCII only (and no surrogates): safe in a URL once escaped, and in a header value.
    private string UrlText(int length)
        => new(Enumerable.Range(0, length).Select(_ => (char)_random.Next(32, 127)).ToArray());

    private static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static ByteArrayContent Bytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static StringContent Text(string text, string contentType)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed : null;
        return content;
    }

    private string Pick(params string[] values) => values[_random.Next(values.Length)];
}
