#!/usr/bin/env python3
"""Slurm launch benchmark (docs/benchmarks.md, "Slurm head jobs"). Not a test: it prints figures.

Starts `./pharos serve` on a fresh data folder with a `squeue` shim first on its PATH (the shim
appends one line per call to a file, then runs the real squeue), on the running test cluster of
tools/slurm-local.sh, and measures:

  1. launch to head job RUNNING: POST /api/workflow/launch until the run's jobInfo says RUNNING
     (Pharos polls Slurm every 2 s), and Slurm's own SubmitTime -> StartTime of the job;
  2. the wall time (submit to complete, from the run) of a 20-task pipeline (hello-launch with ten
     names: ten GREET and ten SHOUT tasks, each sleeping --task-sleep s) on a Slurm environment and
     on the local platform, --rounds times each, one after the other;
  3. squeue commands per minute while Pharos follows 50 head jobs held in Slurm's queue
     (sbatch --hold), counted by the shim over --window seconds; then the 50 are cancelled.

  tools/bench-slurm.py [--rounds N] [--task-sleep S] [--queued N] [--window S] [--skip-wall]

Needs the jar (./pharos builds it), the test cluster (tools/slurm-local.sh start) and Nextflow
(tools/install-nextflow.sh). Prints the load average before and after each part.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PIPELINE = os.path.join(ROOT, "server/src/test/resources/pipelines/hello-launch")
NAMES = "ann,ben,cat,dan,eve,fred,gus,hal,ida,jo"


def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def nextflow():
    given = os.environ.get("PHAROS_TEST_NEXTFLOW")
    if given:
        return given
    out = subprocess.run([os.path.join(ROOT, "tools/install-nextflow.sh")], capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


class Pharos:
    def __init__(self, data, shim_dir):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        env = dict(os.environ)
        env["PATH"] = shim_dir + ":" + env["PATH"]
        self.out = open(os.path.join(data, "serve.txt"), "w+")
        self.proc = subprocess.Popen([os.path.join(ROOT, "pharos"), "serve", "--port", str(self.port), "--host", "127.0.0.1",
                                      "--data-dir", data, "--server-url", "http://127.0.0.1:%d" % self.port,
                                      "--nextflow", nextflow()],
                                     stdout=self.out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        self.token = None
        deadline = time.time() + 120  # a hang guard
        while time.time() < deadline and self.token is None:
            time.sleep(0.2)
            self.out.seek(0)
            m = re.search(r"\b(pharos_[A-Za-z0-9]{40})\b", self.out.read())
            if m:
                self.token = m.group(1)
        if self.token is None:
            self.stop()
            sys.exit("pharos serve printed no admin token: see " + self.out.name)

    def call(self, method, path, body=None):
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as r:
            text = r.read()
            return json.loads(text) if text else None

    def stop(self):
        self.proc.terminate()
        self.proc.wait(60)


def wait(probe, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        v = probe()
        if v:
            return v
        time.sleep(0.1)
    sys.exit("gave up waiting for " + what)


def ended(p, wid):
    return p.call("GET", "/api/workflow/%s" % wid)["workflow"]["status"] in ("SUCCEEDED", "FAILED", "CANCELLED")


def iso(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def scontrol_times(job):
    out = subprocess.run(["scontrol", "-o", "show", "job", job], capture_output=True, text=True).stdout
    f = dict(kv.split("=", 1) for kv in out.split() if "=" in kv)
    t = lambda s: time.mktime(time.strptime(s, "%Y-%m-%dT%H:%M:%S"))
    return t(f["StartTime"]) - t(f["SubmitTime"])


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--rounds", type=int, default=3)
    a.add_argument("--task-sleep", type=float, default=1.0)
    a.add_argument("--queued", type=int, default=50)
    a.add_argument("--window", type=int, default=60)
    a.add_argument("--skip-wall", action="store_true")
    args = a.parse_args()
    subprocess.run([os.path.join(ROOT, "pharos"), "--version"], check=True, stdout=subprocess.DEVNULL)
    nf = nextflow()
    data = tempfile.mkdtemp(prefix="pharos-bench-slurm-")
    shim = os.path.join(data, "shim")
    os.makedirs(shim)
    calls = os.path.join(data, "squeue-calls.txt")
    real = shutil.which("squeue")
    with open(os.path.join(shim, "squeue"), "w") as f:
        # Calls from inside a Slurm job (Nextflow following its tasks) are marked apart from Pharos' own.
        f.write('#!/bin/sh\necho "$(date +%%s.%%N) ${SLURM_JOB_ID:+job}" >> %s\nexec %s "$@"\n' % (calls, real))
    os.chmod(os.path.join(shim, "squeue"), 0o755)
    print("data folder %s; load average %s" % (data, load()))
    p = Pharos(data, shim)
    try:
        def env(name, extra):
            cfg = {"discriminator": "slurm-platform", "workDir": os.path.join(data, "work-" + name), "headQueue": "debug",
                   "computeQueue": "debug", "nextflowCommand": nf, "maxRunning": args.queued,
                   "nextflowConfig": "executor { pollInterval = '1s'; queueStatInterval = '2s' }"}
            cfg.update(extra)
            r = p.call("POST", "/api/compute-envs", {"computeEnv": {"name": name, "platform": "slurm-platform", "config": cfg}})
            p.call("POST", "/api/compute-envs/%s/test" % r["computeEnvId"])
            return r["computeEnvId"]

        slurm = env("slurm", {})
        local = p.call("GET", "/api/compute-envs")["computeEnvs"][0]
        local_id = local["id"]

        def launch(env_id, names, sleep):
            return p.call("POST", "/api/workflow/launch", {"launch": {
                "computeEnvId": env_id, "pipeline": PIPELINE,
                "paramsText": json.dumps({"names": names, "sleep": sleep, "fail": False})}})["workflowId"]

        # 1. launch to head job RUNNING
        print("\n1. launch -> head job RUNNING (load %s)" % load())
        seen, slurm_wait = [], []
        for i in range(args.rounds):
            t0 = time.time()
            wid = launch(slurm, "alice", 0.1)

            def running():
                j = p.call("GET", "/api/workflow/%s?workspaceId=" % wid).get("jobInfo")
                return j if j and j.get("status") in ("RUNNING", "COMPLETED") else None
            job = wait(running, 300, "the head job to run")
            seen.append(time.time() - t0)
            slurm_wait.append(scontrol_times(str(job["id"])))
            print("  run %s: Pharos shows RUNNING after %.2f s; Slurm SubmitTime->StartTime %.0f s"
                  % (wid, seen[-1], slurm_wait[-1]))
            wait(lambda: ended(p, wid), 600, "the run to end")
        print("  median %.2f s (min %.2f, max %.2f); load %s" % (statistics.median(seen), min(seen), max(seen), load()))

        # 2. a 20-task pipeline, Slurm against local
        if not args.skip_wall:
            print("\n2. 20-task pipeline wall time (task sleep %s s) (load %s)" % (args.task_sleep, load()))
            walls = {"slurm": [], "local": []}
            for i in range(args.rounds):
                for name, env_id in (("slurm", slurm), ("local", local_id)):
                    wid = launch(env_id, NAMES, args.task_sleep)
                    wait(lambda: ended(p, wid), 1800, "the run to end")
                    w = p.call("GET", "/api/workflow/%s" % wid)["workflow"]
                    tasks = p.call("GET", "/api/workflow/%s/tasks?max=100" % wid)["tasks"]
                    wall = iso(w["complete"]) - iso(w["submit"])
                    walls[name].append(wall)
                    print("  %s run %s: %s, %d tasks (%s), submit->complete %.1f s, load %s"
                          % (name, wid, w["status"], len(tasks), ",".join(sorted({x["task"]["executor"] for x in tasks})), wall, load()))
            for name, v in walls.items():
                print("  %s median %.1f s" % (name, statistics.median(v)))

        # 3. squeue per minute while following N held head jobs
        print("\n3. following %d queued head jobs (load %s)" % (args.queued, load()))
        held = env("held", {"headJobOptions": "--hold"})
        ids = [launch(held, "alice", 0.1) for _ in range(args.queued)]

        def all_pending():
            n = sum(1 for w in ids if (p.call("GET", "/api/workflow/%s?workspaceId=" % w).get("jobInfo") or {}).get("status") == "PENDING")
            return n == len(ids)
        wait(all_pending, 1200, "every head job to be submitted")
        before = sum(1 for _ in open(calls))
        t0 = time.time()
        time.sleep(args.window)
        lines = open(calls).read().splitlines()[before:]
        minutes = (time.time() - t0) / 60
        pharos_calls = sum(1 for x in lines if not x.endswith("job"))
        print("  %d squeue commands from Pharos in %.1f s: %.1f per minute for %d head jobs on 1 environment (load %s)"
              % (pharos_calls, minutes * 60, pharos_calls / minutes, len(ids), load()))
        for w in ids:
            p.call("POST", "/api/workflow/%s/cancel" % w)
        wait(lambda: all(ended(p, w) for w in ids), 600, "the held runs to end")
        print("  all %d cancelled; load %s" % (len(ids), load()))
    finally:
        p.stop()


if __name__ == "__main__":
    main()
