#!/usr/bin/python3
"""zarr-python 2.13 baseline for bench/run.sh: the region cases of `zarr-relay bench`, on the same
store, timed as bench/region_cases.py says. zarr-python's DirectoryStore writes each chunk to a
temporary file and renames it, without fsync: compare with our write without fsync.

Usage: zarr_python_bench.py --store DIR [--cases OURS.json] [--repeat N] [--json FILE]
"""
import numcodecs
import numpy as np
import zarr

import region_cases


def main():
    a = region_cases.arguments(__doc__.splitlines()[0])
    z = zarr.open_array(a.store, mode="r+")
    region_cases.check_bench_array(z.shape, z.chunks, z.dtype, a.store)
    print(f"zarr-python {zarr.__version__}, numcodecs {numcodecs.__version__} "
          f"(blosc threads {numcodecs.blosc.get_nthreads()}), numpy {np.__version__}")

    def write(sel, data):
        z[sel] = data

    region_cases.run(a, lambda sel: z[sel], write,
                     {"tool": "zarr-python", "zarr": zarr.__version__, "numcodecs": numcodecs.__version__,
                      "numpy": np.__version__, "blosc_threads": numcodecs.blosc.get_nthreads()})


if __name__ == "__main__":
    main()
