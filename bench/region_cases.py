"""What the Python baselines of bench/run.sh share: the region cases of `zarr-relay bench` and the
way they are timed (median of N samples; a sample repeats the operation until it has moved
--sample-mb of uncompressed data; 1 MB = 10^6 bytes; CPU time of the whole process, all threads).

Reads make a new numpy array each time; writes assign the region's data with bit 0 flipped,
alternating with the original so no write is a no-op, and the original is written back at the end.
"""
import argparse
import itertools
import json
import os
import resource
import statistics
import sys
import time

import numpy as np

# Must match BenchCommand.CASES; --cases reads them from our JSON output instead.
CASES = [
    {"name": "a64", "offset": [128, 192, 256], "shape": [64, 64, 64]},
    {"name": "u100", "offset": [37, 101, 203], "shape": [100, 100, 100]},
    {"name": "a256", "offset": [128, 128, 128], "shape": [256, 256, 256]},
]


def arguments(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--store", required=True, help="the store `zarr-relay bench` created")
    p.add_argument("--cases", help="our bench JSON: take the cases (and ops per sample) from it")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--sample-mb", type=int, default=32)
    p.add_argument("--json", help="write the results here")
    return p.parse_args()


def measure(op, nbytes, ops, repeat, warmup):
    for _ in range(warmup):
        for i in range(ops):
            op(i)
    samples = []
    before = resource.getrusage(resource.RUSAGE_SELF)
    for _ in range(repeat):
        t0 = time.perf_counter()
        for i in range(ops):
            op(i)
        samples.append(nbytes * ops / 1e6 / (time.perf_counter() - t0))
    after = resource.getrusage(resource.RUSAGE_SELF)
    total = repeat * ops
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime  # native threads included
    return {"mbps": statistics.median(samples), "samples": samples, "ops_per_sample": ops,
            "cpu_ms_per_op": cpu * 1e3 / total, "minor_faults_per_op": (after.ru_minflt - before.ru_minflt) / total}


def run(a, read, write, describe):
    """Times every case; read(sel) returns a numpy array, write(sel, data) stores one.

    describe: what the JSON records about the tool (its name and versions)."""
    cases = CASES
    if a.cases:
        with open(a.cases) as f:
            cases = json.load(f)["cases"]
    print(f"{'case':5} {'read MB/s':>10} {'write MB/s':>10}")
    results = []
    for c in cases:
        sel = tuple(slice(o, o + s) for o, s in zip(c["offset"], c["shape"]))
        nbytes = int(np.prod(c["shape"])) * 2
        ops = c.get("ops_per_sample") or max(1, -(-a.sample_mb * 10**6 // nbytes))
        original = read(sel)
        modified = original ^ np.uint16(1)
        writes = itertools.count()  # alternate across samples too, so no write repeats the stored data

        def write_one(_):
            write(sel, modified if next(writes) % 2 == 0 else original)

        got = measure(lambda i: read(sel), nbytes, ops, a.repeat, a.warmup)
        wrote = measure(write_one, nbytes, ops, a.repeat, a.warmup)
        write(sel, original)
        print(f"{c['name']:5} {got['mbps']:10.0f} {wrote['mbps']:10.0f}", flush=True)
        results.append({"name": c["name"], "offset": list(c["offset"]), "shape": list(c["shape"]),
                        "bytes": nbytes, "read": got, "write": wrote})
    if a.json:
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, "w") as f:
            json.dump(dict(describe, store=os.path.abspath(a.store), repeat=a.repeat, warmup=a.warmup,
                           cases=results), f, indent=2)


def check_bench_array(shape, chunks, dtype, store):
    if tuple(shape) != (512, 512, 512) or tuple(chunks) != (64, 64, 64) or np.dtype(dtype) != np.dtype("<u2"):
        sys.exit(f"{store} is not the bench array (512^3 uint16, chunks 64^3): run `zarr-relay bench` first")
