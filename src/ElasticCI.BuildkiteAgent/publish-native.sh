#!/usr/bin/env bash
# Publishes the in-job buildkite-agent as one NativeAOT executable into artifacts/buildkite-agent/buildkite-agent,
# once, and again only when its sources changed. Needs clang + lld (installed from Debian when missing and root).
# Used by test.sh and ./elastic-ci; when it fails, agents keep the script that runs `elastic-ci buildkite-agent`.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/artifacts/buildkite-agent"
binary="$out/buildkite-agent"
sources=("$root/src/ElasticCI.BuildkiteAgent" "$root/src/ElasticCI.InJob" "$root/src/ElasticCI.Client" "$root/src/ElasticCI.Protocol" "$root/src/ElasticCI.Core" "$root/Directory.Packages.props")
if [[ -x "$binary" ]] && [[ -z "$(find "${sources[@]}" -newer "$binary" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]]; then
  exit 0
fi
if ! command -v clang >/dev/null 2>&1 || ! command -v ld.lld >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq --no-install-recommends clang lld >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq --no-install-recommends clang lld >/dev/null; }
  fi
fi
echo "elastic-ci: publishing the native in-job buildkite-agent (NativeAOT, about a minute)..." >&2
staging="$root/artifacts/buildkite-agent-publish"
rm -rf "$staging"
if ! dotnet publish "$root/src/ElasticCI.BuildkiteAgent/ElasticCI.BuildkiteAgent.csproj" -c Release -r linux-x64 -nologo -v quiet -o "$staging" >&2; then
  echo "elastic-ci: warning: the native buildkite-agent did not build; jobs get the script that needs .NET on the host" >&2
  exit 1
fi
mkdir -p "$out"
install -m 0755 "$staging/buildkite-agent" "$binary.tmp" && mv -f "$binary.tmp" "$binary"
rm -rf "$staging"
