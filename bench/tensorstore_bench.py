"""TensorStore baseline for bench/run.sh: the region cases of `zarr-relay bench`, on the same
store, timed as bench/region_cases.py says. Opened with the zarr (v2) driver on the local file
system, no cache, `file_io_sync` off: like zarr-python and our write without fsync, a chunk is
written to a temporary file and renamed, not synced. Runs with the Python of a venv that has the
pip package `tensorstore` (bench/run.sh makes one).

Usage: tensorstore_bench.py --store DIR [--cases OURS.json] [--repeat N] [--json FILE]
"""
import importlib.metadata
import os

import numpy as np
import tensorstore as ts

import region_cases


def main():
    a = region_cases.arguments(__doc__.splitlines()[0])
    arr = ts.open({"driver": "zarr", "kvstore": {"driver": "file", "path": os.path.abspath(a.store)},
                   "context": {"cache_pool": {"total_bytes_limit": 0}, "file_io_sync": False}},
                  read=True, write=True).result()
    region_cases.check_bench_array(arr.shape, arr.chunk_layout.read_chunk.shape, arr.dtype.numpy_dtype, a.store)
    version = importlib.metadata.version("tensorstore")
    print(f"tensorstore {version}, numpy {np.__version__}, {os.cpu_count()} cores")

    def write(sel, data):
        arr[sel].write(data).result()

    region_cases.run(a, lambda sel: arr[sel].read().result(), write,
                     {"tool": "tensorstore", "tensorstore": version, "numpy": np.__version__})


if __name__ == "__main__":
    main()
