#!/usr/bin/env python3
"""A Tower trace endpoint that stores nothing, for tools/bench-nextflow.sh (mode stub-nm).

It answers create with a workflow id, begin with a watch URL and every other call with 200,
after reading the body, and counts the task updates it was sent. It separates the plugin's
own cost from what Pharos costs to take the same traffic on the same machine.
Usage: bench-nextflow-stub.py PORT   (prints the counts on SIGTERM or Ctrl-C)
"""
import json
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counts = {"calls": 0, "tasks": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Pharos answers

    def answer(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        counts["calls"] += 1
        path = self.path.split("?")[0]
        if path.endswith("/trace/create"):
            out = {"workflowId": "stub%010d" % counts["calls"]}
        elif path.endswith("/begin"):
            wid = path.split("/")[-2]
            out = {"workflowId": wid, "watchUrl": "http://127.0.0.1/watch/" + wid}
        else:
            if path.endswith("/progress"):
                counts["tasks"] += len(json.loads(body).get("tasks", []))
            out = {"status": "OK"}
        data = json.dumps(out).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_POST = answer
    do_PUT = answer

    def log_message(self, *args):
        pass


def stop(*_):
    print("stub: %(calls)d calls, %(tasks)d task updates" % counts, flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
