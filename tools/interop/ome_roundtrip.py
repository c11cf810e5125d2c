#!/usr/bin/python3
"""OME-Zarr interop proof: our CLI writes into an NGFF 0.4 image that zarr-python made, and
zarr-python reads back every pyramid level and a label image our CLI created.

    /usr/bin/python3 tools/interop/ome_roundtrip.py target/zarr-relay.jar

1. zarr-python writes an NGFF 0.4 image (Zarr v2, 3 levels, factors (1,2,2) then (2,2,2),
   shapes that are not multiples of them), its lower levels made with the reference mean below.
2. Our `import` writes a patch into level 0; zarr-python reads every level and compares it with the
   reference pyramid recomputed from the new level 0 (only the changed box was recomputed by us).
3. Our `import --target labels/cells` writes a segmentation; zarr-python opens labels/, the label
   image's metadata and every level, and compares them with the reference mode pyramid.

Reference rules (what the README states): mean of the voxels of each block that exist (no
padding at the border), truncated toward zero for integers (numpy astype); mode = most frequent
value of the block, ties to the smallest.
Prints PASS/FAIL lines and `N passed, M failed`; exits 1 on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import zarr

from cases import run_cases
from numcodecs import Blosc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures"))
from ngff_reference import mean_down, mode_down  # noqa: E402  (the one reference, shared with the fixtures)


FACTORS = [(1, 2, 2), (2, 2, 2)]
SCALES = [[1.0, 0.5, 0.5], [1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]


DATA = None


def run(jar, *args):
    if args[0] in ("import", "export"):
        # job commands record their jobs in a relay data folder's ledger: a private one per run
        args = (*args, "--data", DATA)
    r = subprocess.run(["java", "-jar", jar, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("zarr-relay " + " ".join(args) + " failed: " + r.stderr.strip())


def make_image(path, rng):
    root = zarr.open_group(zarr.DirectoryStore(path), mode="w")
    level = rng.integers(0, 60000, size=(21, 37, 43), dtype=np.uint16)
    datasets = []
    for i in range(3):
        root.create_dataset(str(i), data=level, chunks=(4, 8, 8), compressor=Blosc("lz4", 5, Blosc.SHUFFLE),
                            dimension_separator="/")
        datasets.append({"path": str(i), "coordinateTransformations": [{"type": "scale", "scale": SCALES[i]}]})
        if i < 2:
            level = mean_down(level, FACTORS[i])
    root.attrs["multiscales"] = [{"version": "0.4", "name": "img", "type": "mean", "datasets": datasets,
                                  "axes": [{"name": a, "type": "space", "unit": "micrometer"} for a in "zyx"]}]
    root.attrs["omero"] = {"name": "keep me", "channels": []}
    return root


def check_pyramid(group, level0, down, what):
    expected = level0
    for i in range(1, 3):
        expected = down(expected, FACTORS[i - 1])
        got = group[str(i)][...]
        if got.shape != expected.shape or not np.array_equal(got, expected):
            bad = np.argwhere(got != expected) if got.shape == expected.shape else "shape " + str(got.shape)
            raise AssertionError(f"{what} level {i} differs from the reference, e.g. at {bad[:3] if len(bad) else bad}")


def main():
    jar = sys.argv[1]
    rng = np.random.default_rng(11)
    with tempfile.TemporaryDirectory() as tmp:
        global DATA
        DATA = os.path.join(tmp, "relay-data")
        store = os.path.join(tmp, "img.zarr")
        root = make_image(store, rng)
        cases = []

        def patch_level0():
            before = root["0"][...]
            patch = rng.integers(0, 65535, size=(9, 17, 23), dtype=np.uint16)
            np.save(os.path.join(tmp, "patch.npy"), patch)
            run(jar, "import", "--store", store, "--array", "0", "--in", os.path.join(tmp, "patch.npy"), "--offset", "3,11,5")
            after = zarr.open_group(zarr.DirectoryStore(store), mode="r")
            expected0 = before.copy()
            expected0[3:12, 11:28, 5:28] = patch
            if not np.array_equal(after["0"][...], expected0):
                raise AssertionError("level 0 is not the old level 0 with the patch")
            check_pyramid(after, expected0, mean_down, "image")
            if after.attrs["omero"]["name"] != "keep me":
                raise AssertionError("the omero block was not preserved")
        cases.append(("ngff04_patch_level0_mean_pyramid", patch_level0))

        def labels_target():
            mask = (rng.integers(0, 4, size=(10, 20, 30)) * (rng.random((10, 20, 30)) > 0.3)).astype(np.uint16)
            np.save(os.path.join(tmp, "mask.npy"), mask)
            run(jar, "import", "--store", store, "--array", "0", "--in", os.path.join(tmp, "mask.npy"),
                "--offset", "6,9,12", "--target", "labels/cells")
            g = zarr.open_group(zarr.DirectoryStore(store), mode="r")
            if "cells" not in g["labels"].attrs["labels"]:
                raise AssertionError("labels/.zattrs does not list cells: " + json.dumps(g["labels"].attrs.asdict()))
            cells = g["labels/cells"]
            if "image-label" not in cells.attrs:
                raise AssertionError("labels/cells has no image-label metadata")
            ms = cells.attrs["multiscales"][0]
            if [d["coordinateTransformations"][0]["scale"] for d in ms["datasets"]] != SCALES:
                raise AssertionError("the label image's scales differ from the image's")
            expected0 = np.zeros(g["0"].shape, np.uint16)
            expected0[6:16, 9:29, 12:42] = mask
            if not np.array_equal(cells["0"][...], expected0):
                raise AssertionError("label level 0 is not the mask in place")
            check_pyramid(cells, expected0, mode_down, "labels/cells")
        cases.append(("ngff04_labels_target_mode_pyramid", labels_target))

        failed = run_cases(cases)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
