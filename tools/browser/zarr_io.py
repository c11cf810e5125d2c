#!/usr/bin/python3
"""zarr-python's side of tools/browser/dashboard_test.mjs: writes the image the dashboard works on
and reads the store back, so the test judges the relay's exports and write-backs by another
implementation than ours.

    /usr/bin/python3 zarr_io.py make STORE    an NGFF 0.4 image (Zarr v2): uint16, 2 levels (factors 1,2,2),
                                              random voxels 0..999 with a bright box (z 10:20, y 30:60, x 40:90 = 5000)
    /usr/bin/python3 zarr_io.py read STORE ARRAY OUT.npy    the whole array ARRAY as OUT.npy
"""
import sys

import numpy as np
import zarr
from numcodecs import Blosc

SHAPE = (40, 96, 128)
BRIGHT = (slice(10, 20), slice(30, 60), slice(40, 90))


def make(path):
    rng = np.random.default_rng(13)
    level0 = rng.integers(0, 1000, size=SHAPE, dtype=np.uint16)
    level0[BRIGHT] = 5000
    level1 = level0.reshape(SHAPE[0], SHAPE[1] // 2, 2, SHAPE[2] // 2, 2).mean(axis=(2, 4)).astype(np.uint16)
    root = zarr.open_group(zarr.DirectoryStore(path), mode="w")
    datasets = []
    for i, data in enumerate([level0, level1]):
        root.create_dataset(str(i), data=data, chunks=(8, 32, 32), compressor=Blosc("lz4", 5, Blosc.SHUFFLE),
                            dimension_separator="/")
        datasets.append({"path": str(i), "coordinateTransformations": [
            {"type": "scale", "scale": [2.0, 0.5 * 2 ** i, 0.5 * 2 ** i]}]})
    root.attrs["multiscales"] = [{
        "version": "0.4", "name": "lab", "type": "mean", "datasets": datasets,
        "axes": [{"name": a, "type": "space", "unit": "micrometer"} for a in "zyx"]}]


def read(path, array, out):
    np.save(out, zarr.open_group(zarr.DirectoryStore(path), mode="r")[array][...])


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "read":
        read(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit("usage: zarr_io.py make STORE | read STORE ARRAY OUT.npy")
