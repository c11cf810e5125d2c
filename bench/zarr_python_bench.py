#!/usr/bin/python3
"""zarr-python 2.13 baseline for bench/run.sh: the same region cases as `zarr-relay bench`, on the
same store, timed the same way (median of N samples; a sample repeats the operation until it has
moved --sample-mb of uncompressed data; 1 MB = 10^6 bytes).

Reads are `z[a:b, c:d, e:f]` (a new numpy array each time, as zarr-python code does); writes are
slice assignment of the region's data with bit 0 flipped, alternating with the original so no write
is a no-op, and the original is written back at the end. zarr-python's DirectoryStore writes each
chunk to a temporary file and renames it, without fsync: compare with our write without fsync.

Usage: zarr_python_bench.py --store DIR [--cases OURS.json] [--repeat N] [--json FILE]
"""
import argparse
import itertools
import json
import os
import resource
import statistics
import sys
import time

import numcodecs
import numpy as np
import zarr

# Must match BenchCommand.CASES; --cases reads them from our JSON output instead.
CASES = [
    {"name": "a64", "offset": [128, 192, 256], "shape": [64, 64, 64]},
    {"name": "u100", "offset": [37, 101, 203], "shape": [100, 100, 100]},
    {"name": "a256", "offset": [128, 128, 128], "shape": [256, 256, 256]},
]


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
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime  # blosc's threads included
    return {"mbps": statistics.median(samples), "samples": samples, "ops_per_sample": ops,
            "cpu_ms_per_op": cpu * 1e3 / total, "minor_faults_per_op": (after.ru_minflt - before.ru_minflt) / total}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--store", required=True, help="the store `zarr-relay bench` created")
    p.add_argument("--cases", help="our bench JSON: take the cases (and ops per sample) from it")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--sample-mb", type=int, default=32)
    p.add_argument("--json", help="write the results here")
    a = p.parse_args()

    cases = CASES
    if a.cases:
        with open(a.cases) as f:
            cases = json.load(f)["cases"]
    z = zarr.open_array(a.store, mode="r+")
    if z.shape != (512, 512, 512) or z.chunks != (64, 64, 64) or z.dtype != np.dtype("<u2"):
        sys.exit(f"{a.store} is not the bench array (512^3 uint16, chunks 64^3): run `zarr-relay bench` first")

    print(f"zarr-python {zarr.__version__}, numcodecs {numcodecs.__version__} "
          f"(blosc threads {numcodecs.blosc.get_nthreads()}), numpy {np.__version__}")
    print(f"{'case':5} {'read MB/s':>10} {'write MB/s':>10}")
    results = []
    for c in cases:
        sel = tuple(slice(o, o + s) for o, s in zip(c["offset"], c["shape"]))
        nbytes = int(np.prod(c["shape"])) * 2
        ops = c.get("ops_per_sample") or max(1, -(-a.sample_mb * 10**6 // nbytes))
        original = z[sel]
        modified = original ^ np.uint16(1)

        writes = itertools.count()  # alternate across samples too, so no write repeats the stored data

        def write(_):
            z[sel] = modified if next(writes) % 2 == 0 else original

        read = measure(lambda i: z[sel], nbytes, ops, a.repeat, a.warmup)
        wrote = measure(write, nbytes, ops, a.repeat, a.warmup)
        z[sel] = original
        print(f"{c['name']:5} {read['mbps']:10.0f} {wrote['mbps']:10.0f}", flush=True)
        results.append({"name": c["name"], "offset": list(c["offset"]), "shape": list(c["shape"]),
                        "bytes": nbytes, "read": read, "write": wrote})

    if a.json:
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, "w") as f:
            json.dump({"tool": "zarr-python", "zarr": zarr.__version__, "numcodecs": numcodecs.__version__,
                       "numpy": np.__version__, "blosc_threads": numcodecs.blosc.get_nthreads(),
                       "store": os.path.abspath(a.store), "repeat": a.repeat, "warmup": a.warmup,
                       "cases": results}, f, indent=2)


if __name__ == "__main__":
    main()
