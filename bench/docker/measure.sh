#!/usr/bin/env bash
# Docker jobs (issue 14), measured by hand on a real `elastic-ci up` (root, sandboxed stacks): not a test.
#  1. instance start: a job on a stack scaled to zero waits for a new instance; scheduled -> started, with and without
#     DockerEngine: rootless (the difference is the engine's start), plus the engine's own start from sandbox.log;
#  2. job start -> the first line a container of a cached image prints, as the job reads it from `docker run`.
# Usage: bench/docker/measure.sh [RUNS]   (needs a built solution: dotnet build ElasticCI.slnx)
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dll=$root/artifacts/bin/ElasticCI.Cli/debug/elastic-ci.dll
work=$(mktemp -d /tmp/elastic-ci-bench-docker-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cd "$work"
cat > elastic-ci.yml <<'YAML'
stacks:
  - Name: engine
    Queue: engine
    MinSize: 0
    MaxSize: 1
    AgentsPerInstance: 1
    DockerEngine: rootless
    BuildkiteTerminateInstanceAfterJob: true
  - Name: plain
    Queue: plain
    MinSize: 0
    MaxSize: 1
    AgentsPerInstance: 1
    BuildkiteTerminateInstanceAfterJob: true
  - Name: warm
    Queue: warm
    MinSize: 1
    MaxSize: 1
    AgentsPerInstance: 1
    ScaleInIdlePeriod: 600
    DockerEngine: rootless
YAML
dotnet "$dll" up --config elastic-ci.yml --data-dir data --listen "127.0.0.1:$port" --heartbeat-interval 1 >up.log 2>&1 &
up=$!
trap 'kill -TERM $up; wait $up; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
export ELASTIC_CI_SERVER=http://127.0.0.1:$port ELASTIC_CI_DATA_DIR=$work/data
until grep -q "listening on" up.log; do sleep 0.2; done

# Prints the job's scheduled->started seconds, then its started time (epoch seconds).
job() { # queue command
  printf 'steps:\n  - label: m\n    agents: { queue: %s }\n    command: |\n      %s\n' "$1" "$2" > p.yml
  dotnet "$dll" build p.yml --watch --output json 2>/dev/null > b.json
  python3 - <<'PY'
import json, datetime
j = json.load(open("b.json"))["jobs"][0]; t = j["times"]
p = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
print(f'{p(t["startedAt"]) - p(t["scheduledAt"]):.2f} {p(t["startedAt"]):.3f} {j["state"]}')
PY
}

echo "| run | plain: scheduled -> started (s) | engine: scheduled -> started (s) |"
echo "|---|---|---|"
for i in $(seq 1 "$runs"); do
  a=$(job plain true | cut -d' ' -f1); b=$(job engine true | cut -d' ' -f1)
  echo "| $i | $a | $b |"
done
echo
echo "engine start (watchdog, socket answering):"
grep -h "engine: rootless dockerd" data/instances/*/sandbox.log | sed 's/.* after /  /'

echo
cat > p.yml <<'YAML'
steps:
  - label: m
    agents: { queue: warm }
    command: |
      mkdir -p /tmp/bb && cp /bin/busybox /tmp/bb/
      printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\n' > /tmp/bb/Dockerfile
      docker build -q -t eci-bb /tmp/bb
YAML
dotnet "$dll" build p.yml --watch >/dev/null 2>&1
echo "| run | job start -> first line in the container (s) | docker run -> first line (s) |"
echo "|---|---|---|"
cat > p.yml <<'YAML'
steps:
  - label: m
    agents: { queue: warm }
    command: |
      t=$$(date +%s.%N); docker run --rm eci-bb echo first-line | { read -r l; echo "inside $$(date +%s.%N) $$l"; }; echo "cli $$t"
YAML
for i in $(seq 1 "$runs"); do
  dotnet "$dll" build p.yml --watch --output json 2>log.txt > b.json || true
  python3 - "$i" <<'PY'
import json, sys, datetime, re
j = json.load(open("b.json"))["jobs"][0]
started = datetime.datetime.fromisoformat(j["times"]["startedAt"].replace("Z", "+00:00")).timestamp()
out = open("log.txt").read()
inside = float(re.search(r"inside (\d{10}\.\d+) first-line", out).group(1))
cli = float(re.search(r"cli (\d{10}\.\d+)", out).group(1))
print(f"| {sys.argv[1]} | {inside - started:.2f} | {inside - cli:.2f} |")
PY
done
