#!/usr/bin/env bash
# The whole test suite: installs what the tests need, builds once, runs every test project, and prints
# "N passed, N failed, N skipped" from the TRX results (dotnet test's own summary is not what CI reads).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Tests need bash, setsid (util-linux), git, and for the secrets tests a real sshd plus ssh-agent/ssh-add/ssh-keygen
# (openssh-server, openssh-client); install only when something is missing (apt needs root).
missing=()
for tool in bash setsid git python3 ssh ssh-agent ssh-add ssh-keygen; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
[ -x /usr/sbin/sshd ] || command -v sshd >/dev/null 2>&1 || missing+=(sshd)
if ((${#missing[@]})); then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends util-linux bash git python3 openssh-client openssh-server >/dev/null
fi

# The local provider's sandbox (issue 12): bubblewrap, setpriv (util-linux) and useradd/userdel (passwd); the attack
# tests run `up` with the default Isolation: sandbox as root, creating and removing one user per instance.
if ! command -v bwrap >/dev/null 2>&1 || ! command -v setpriv >/dev/null 2>&1 || ! command -v useradd >/dev/null 2>&1; then
  (apt-get install -y -qq --no-install-recommends bubblewrap util-linux passwd >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends bubblewrap util-linux passwd >/dev/null; }) \
    || echo "warning: could not install bubblewrap; sandboxed stacks will refuse to start"
fi
# Dashboard and metrics tests (issue 15): Debian chromium for Playwright (never Playwright's own browser download) and
# promtool (Debian prometheus) to lint /metrics.
web_missing=()
[ -x /usr/bin/chromium ] || web_missing+=(chromium)
command -v promtool >/dev/null 2>&1 || web_missing+=(prometheus)
if ((${#web_missing[@]})); then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${web_missing[@]}" >/dev/null
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# PostgreSQL store tests (issue 11): Debian postgresql; the tests start their own server with initdb + pg_ctl on a free
# port (no systemd here), so the package's own cluster is never started.
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  (apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }) \
    || echo "warning: could not install postgresql; the PostgreSQL tests will fail"
fi

# Docker jobs (issue 14): a rootless dockerd per instance (docker.io brings dockerd, its own docker CLI and
# dockerd-rootless.sh; rootlesskit, uidmap and slirp4netns run it unprivileged), docker-compose 1.29 for compose,
# clang + lld for the NativeAOT in-job buildkite-agent (publish-native.sh), Debian's docker-registry with htpasswd
# (apache2-utils) and busybox-static for the tests' images built FROM scratch. No udev here: /dev/net/tun must be 0666
# for rootless networking (the provider also sets it when an instance with an engine starts).
docker_missing=()
for tool in clang ld.lld dockerd rootlesskit newuidmap slirp4netns docker-compose docker-registry htpasswd; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || docker_missing+=("$tool")
done
[ -x /usr/bin/docker ] && [ -x /usr/share/docker.io/contrib/dockerd-rootless.sh ] || docker_missing+=(docker.io)
[ -x /bin/busybox ] || docker_missing+=(busybox)
if ((${#docker_missing[@]})); then
  (apt-get install -y -qq --no-install-recommends clang lld docker.io rootlesskit uidmap slirp4netns docker-compose docker-registry apache2-utils busybox-static >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends clang lld docker.io rootlesskit uidmap slirp4netns docker-compose docker-registry apache2-utils busybox-static >/dev/null; }) \
    || echo "warning: could not install the container packages; the Docker tests will fail"
fi
[ -c /dev/net/tun ] && chmod 0666 /dev/net/tun
touch /etc/subuid /etc/subgid

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_hostBuilder__reloadConfigOnChange=false
results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# The secrets tests run a real S3-compatible server (npm s3rver); install it once where the fixture looks for it.
if command -v npm >/dev/null 2>&1 && [ ! -f artifacts/tools/s3rver/node_modules/s3rver/bin/s3rver.js ]; then
  mkdir -p artifacts/tools/s3rver
  npm install --no-audit --no-fund --prefix artifacts/tools/s3rver s3rver@3.7.1 >/dev/null || echo "warning: npm install s3rver failed; the S3 tests will try again"
fi

# Before the build, so the build copies it next to elastic-ci.dll (and into the test projects' output).
src/ElasticCI.BuildkiteAgent/publish-native.sh || echo "warning: no native buildkite-agent; the in-job agent tests will fail"

if ! dotnet build ElasticCI.slnx -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

status=0
for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    root = ET.parse(path).getroot()
    counters = root.find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    # xunit's TRX leaves the notExecuted counter at 0: count the skipped results themselves.
    skipped += sum(1 for r in root.iter("{%s}UnitTestResult" % ns["t"]) if r.get("outcome") == "NotExecuted")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
