#!/usr/bin/env python3
"""By hand, not in CI: (1) time from a job writing a log line to a dashboard's log stream delivering it (p50/p99 over
200 lines); (2) coordinator CPU while 20 dashboards (each a build stream, a log stream and a fleet stream, as the build
page opens) watch a running build. Usage: bench/dashboard/measure.py [path/to/elastic-ci]"""
import json, os, re, subprocess, sys, tempfile, threading, time, urllib.request

exe = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../artifacts/bin/ElasticCI.Cli/release/elastic-ci"))
work = tempfile.mkdtemp(prefix="elastic-ci-bench-dashboard-")
open(os.path.join(work, "elastic-ci.yml"), "w").write("stacks:\n  - Name: bench\n    Queue: bench\n    MaxSize: 1\n    ScaleInIdlePeriod: 600\n")
proc = subprocess.Popen([exe, "up", "--config", "elastic-ci.yml", "--data-dir", "data", "--listen", "127.0.0.1:0"], cwd=work, stdout=subprocess.PIPE, text=True)
base = None
for line in proc.stdout:
    m = re.search(r"listening on (http://\S+)", line)
    if m:
        base = m.group(1)
        break
threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
token = open(os.path.join(work, "data", "api-token")).read().strip()

def call(path, body=None):
    req = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(), method="GET" if body is None else "POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(req).read())

def events(path):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    resp = urllib.request.urlopen(req)
    name, data = "", ""
    for raw in resp:
        line = raw.decode().rstrip("\n")
        if line.startswith("event: "): name = line[7:]
        elif line.startswith("data: "): data = line[6:]
        elif line == "" and data:
            yield name, data
            name, data = "", ""

def build(lines, interval):
    yaml = f"steps:\n  - command: 'for i in $(seq 1 {lines}); do echo \"T $(date +%s%N)\"; sleep {interval}; done'\n    agents: {{queue: bench}}\n"
    b = call("/api/v1/builds", {"pipeline": "bench", "yaml": yaml})
    while True:
        job = call(f"/api/v1/builds/{b['id']}")["jobs"][0]
        if job["state"] in ("running", "passed"): return b["id"], job["id"]
        time.sleep(0.1)

# 1. Latency over 200 lines.
_, job = build(200, 0.05)
lat = []
for name, data in events(f"/api/v1/jobs/{job}/log/events"):
    if name == "end": break
    now = time.time_ns()
    for m in re.finditer(r"^T (\d+)$", json.loads(data), re.M):
        lat.append((now - int(m.group(1))) / 1e6)
lat = lat[-200:]
lat.sort()
print(f"log line -> stream: n={len(lat)} p50={lat[len(lat)//2]:.1f} ms p99={lat[int(len(lat)*0.99)-1]:.1f} ms max={lat[-1]:.1f} ms")

# 2. CPU with 20 dashboards on a build writing 20 lines a second for ~20 s.
def cpu():
    f = open(f"/proc/{proc.pid}/stat").read().split()
    return (int(f[13]) + int(f[14])) / os.sysconf("SC_CLK_TCK")
def measure(viewers):
    bid, job = build(400, 0.05)
    stop = threading.Event()
    def watch(path):
        try:
            for _ in events(path):
                if stop.is_set(): return
        except Exception: pass
    for _ in range(viewers):
        for p in (f"/api/v1/builds/{bid}/events", f"/api/v1/jobs/{job}/log/events", "/api/v1/events"):
            threading.Thread(target=watch, args=(p,), daemon=True).start()
    c0, t0 = cpu(), time.time()
    while call(f"/api/v1/builds/{bid}")["state"] not in ("passed", "failed"): time.sleep(0.5)
    c1, t1 = cpu(), time.time()
    stop.set()
    return (c1 - c0) / (t1 - t0) * 100
print(f"coordinator CPU, build writing 20 lines/s: 0 dashboards {measure(0):.1f}% of one core; 20 dashboards {measure(20):.1f}% of one core")
proc.terminate(); proc.wait()
