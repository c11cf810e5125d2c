#!/usr/bin/python3
"""Metrics interop proof: what `serve` answers on GET /metrics is read by prometheus_client's text
parser (the Prometheus project's Python client, from Debian) with the values the relay's work gives.

    /usr/bin/python3 tools/interop/check_metrics.py target/zarr-relay.jar

Starts `serve` on a throwaway data folder with a token and a free port, drops one export request
for a 40 x 64 x 64 region of the sample image (uint16), waits for `exported`, then parses
/metrics: every family has its type, jobs{state="exported"} is 1, the exported bytes are the
region's, and the export's duration histogram holds one observation.
Exits 1 on any failure.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

TOKEN = "metrics-check"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.headers.get("Content-Type"), r.read().decode("utf-8")


def main(jar):
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        port = free_port()
        serve = subprocess.Popen(["java", "-jar", jar, "serve", "--data", data, "--set", f"relay.http.port={port}",
                                  "--set", f"relay.http.token={TOKEN}"], stdout=subprocess.DEVNULL,
                                 stderr=open(os.path.join(tmp, "serve.log"), "w"))
        try:
            status = os.path.join(data, "status", "m1.json")
            deadline = time.time() + 60
            while not os.path.isdir(os.path.join(data, "inbox")) and time.time() < deadline:
                time.sleep(0.2)
            with open(os.path.join(data, "inbox", ".m1.json.tmp"), "w") as f:
                json.dump({"id": "m1", "store": "sample.zarr", "array": "0", "region": "40:80,100:164,100:164",
                           "format": "npy"}, f)
            os.rename(os.path.join(data, "inbox", ".m1.json.tmp"), os.path.join(data, "inbox", "m1.json"))
            state = None
            while time.time() < deadline:
                if os.path.exists(status):
                    try:
                        state = json.load(open(status)).get("state")
                    except ValueError:
                        state = None  # being replaced
                    if state in ("exported", "failed"):
                        break
                time.sleep(0.2)
            if state != "exported":
                print(open(os.path.join(tmp, "serve.log")).read())
                failures.append(f"the export did not end exported (state {state})")
            else:
                ctype, text = get(port, "/metrics")
                if not ctype.startswith("text/plain; version=0.0.4"):
                    failures.append(f"Content-Type {ctype}")
                families = {f.name: f for f in text_string_to_metric_families(text)}
                samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
                           for f in families.values() for s in f.samples}
                expect = {
                    ("zarr_relay_jobs", (("state", "exported"),)): 1,
                    ("zarr_relay_exported_bytes_total", ()): 40 * 64 * 64 * 2,
                    ("zarr_relay_job_duration_seconds_count", (("kind", "export"),)): 1,
                    ("zarr_relay_phase_duration_seconds_count", (("phase", "exporting"),)): 1,
                    ("zarr_relay_failures_total", (("reason", "request"),)): 0,
                    ("zarr_relay_failures_total", (("reason", "internal"),)): 0,
                }
                for key, value in expect.items():
                    if samples.get(key) != value:
                        failures.append(f"{key}: {samples.get(key)}, expected {value}")
                types = {name: f.type for name, f in families.items()}
                for name, kind in {"zarr_relay_jobs": "gauge", "zarr_relay_exported_bytes": "counter",
                                   "zarr_relay_job_duration_seconds": "histogram"}.items():
                    if types.get(name) != kind:
                        failures.append(f"family {name} has type {types.get(name)}, expected {kind}")
        finally:
            serve.terminate()
            serve.wait(60)
    for f in failures:
        print("FAIL", f)
    print(f"metrics: {'PASS' if not failures else 'FAIL'} ({len(failures)} failed)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
