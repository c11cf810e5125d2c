#!/usr/bin/python3
"""OME-TIFF interop proof: tifffile reads what our CLI exports as OME-TIFF (and as BigTIFF), and our
CLI imports what tifffile writes.

    /usr/bin/python3 tools/interop/check_ometiff.py target/zarr-relay.jar

1. zarr-python writes OME-NGFF 0.4 images (scale and translation in micrometres): a z, y, x image of
   every type OME-TIFF holds, and a 5D t, c, z, y, x image.
2. Our `export --format ome-tiff` writes a region of each; tifffile must find an OME-TIFF (is_ome)
   whose OME-XML (parsed by tifffile) gives the shape, type, DimensionOrder, physical sizes in µm,
   the plane positions of the region's first voxel and the job in the Image Name, and whose data
   equal the zarr region. A forced BigTIFF export (-Dzarr-relay.tiff.classic-limit=0), OME-TIFF and
   plain TIFF, must read the same.
3. tifffile writes a modified result (OME-TIFF, some as BigTIFF; and a BigTIFF plain TIFF), our
   `import --job ID --in FILE` writes it back, and zarr-python finds it in the store, the voxels
   around it unchanged. Results whose OME-XML names another job or another voxel size are refused.

Prints PASS/FAIL lines and `N passed, M failed`; exits 1 on any failure.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import tifffile
import zarr

from cases import run_cases

TYPES = ["uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "float64"]
SCALE = [2.0, 0.5, 0.25]
TRANSLATION = [10.0, -3.0, 5.0]
REGION = "1:5,2:9,1:7"
BOX = (slice(1, 5), slice(2, 9), slice(1, 7))
DATA = None


def run(jar, *args, properties=()):
    args = (*args, "--data", DATA)  # every job command records its jobs in a private relay data folder
    r = subprocess.run(["java", *properties, "-jar", jar, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("zarr-relay " + " ".join(args) + " failed: " + (r.stderr.strip() or r.stdout.strip()))
    return r.stdout


def run_refused(jar, expected, *args):
    try:
        run(jar, *args)
    except RuntimeError as e:
        if expected not in str(e):
            raise AssertionError(f"refused, but not for the reason expected ({expected!r}): {e}")
        return
    raise AssertionError("zarr-relay " + " ".join(args) + " was expected to refuse the file, and wrote it")


def random(dtype, shape, rng):
    if np.dtype(dtype).kind == "f":
        return rng.normal(scale=100, size=shape).astype(dtype)
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)


def make_image(path, data, axes, scale, translation):
    root = zarr.open_group(zarr.DirectoryStore(path), mode="w")
    root.create_dataset("0", data=data, chunks=tuple(max(1, s // 2) for s in data.shape))
    root.attrs["multiscales"] = [{
        "version": "0.4", "name": "img", "axes": axes,
        "datasets": [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": scale},
                                                                 {"type": "translation", "translation": translation}]}]}]


def space_axes():
    return [{"name": a, "type": "space", "unit": "micrometer"} for a in "zyx"]


def as_list(x):
    return x if isinstance(x, list) else [x]


def check_export(path, expected, job, bigtiff=False, origin=None):
    """tifffile's view of our OME-TIFF export."""
    with tifffile.TiffFile(path) as t:
        if not t.is_ome:
            raise AssertionError(f"{path}: tifffile does not see an OME-TIFF")
        if t.is_bigtiff != bigtiff:
            raise AssertionError(f"{path}: is_bigtiff is {t.is_bigtiff}, expected {bigtiff}")
        series = t.series[0]
        if series.shape != expected.shape or series.dtype != expected.dtype:
            raise AssertionError(f"{path}: tifffile reads {series.shape} {series.dtype}, expected {expected.shape}"
                                 f" {expected.dtype}")
        data = series.asarray()
        ome = tifffile.xml2dict(t.ome_metadata)["OME"]
    if not np.array_equal(data, expected, equal_nan=expected.dtype.kind == "f"):
        raise AssertionError(f"{path}: the data differ from the zarr region")
    image = ome["Image"]
    if image.get("Name") != "zarr-relay job " + job:
        raise AssertionError(f"{path}: Image Name is {image.get('Name')!r}")
    px = image["Pixels"]
    want = {"DimensionOrder": "XYZCT", "SizeX": expected.shape[2], "SizeY": expected.shape[1],
            "SizeZ": expected.shape[0], "SizeC": 1, "SizeT": 1, "PhysicalSizeX": SCALE[2], "PhysicalSizeY": SCALE[1],
            "PhysicalSizeZ": SCALE[0], "PhysicalSizeXUnit": "µm", "PhysicalSizeYUnit": "µm",
            "PhysicalSizeZUnit": "µm"}
    for key, value in want.items():
        if px.get(key) != value:
            raise AssertionError(f"{path}: Pixels {key} is {px.get(key)!r}, expected {value!r}")
    tiffdata = as_list(px["TiffData"])
    if len(tiffdata) != expected.shape[0]:
        raise AssertionError(f"{path}: {len(tiffdata)} TiffData for {expected.shape[0]} planes")
    if origin is not None:
        plane0 = next(p for p in as_list(px["Plane"]) if p["TheZ"] == 0)
        got = [plane0["PositionZ"], plane0["PositionY"], plane0["PositionX"]]
        if not np.allclose(got, origin) or plane0.get("PositionXUnit") != "µm":
            raise AssertionError(f"{path}: plane 0 is at {got} {plane0.get('PositionXUnit')}, expected {origin} µm")


def ome_metadata(job, scale=SCALE):
    return {"axes": "ZYX", "Name": "zarr-relay job " + job, "PhysicalSizeX": scale[2], "PhysicalSizeXUnit": "µm",
            "PhysicalSizeY": scale[1], "PhysicalSizeYUnit": "µm", "PhysicalSizeZ": scale[0], "PhysicalSizeZUnit": "µm"}


def modified(data, rng):
    if data.dtype.kind == "f":
        return (data * 0.5 + 1).astype(data.dtype)
    return (data ^ rng.integers(0, 8, size=data.shape).astype(data.dtype)).astype(data.dtype)


def check_store(store, array, before, box, result, what):
    after = zarr.open_group(zarr.DirectoryStore(store), mode="r")[array][...]
    expected = before.copy()
    expected[box] = result
    if not np.array_equal(after, expected, equal_nan=after.dtype.kind == "f"):
        raise AssertionError(f"{what}: the store does not hold the result in place (and the rest unchanged)")


def main():
    jar = sys.argv[1]
    rng = np.random.default_rng(17)
    with tempfile.TemporaryDirectory() as tmp:
        global DATA
        DATA = os.path.join(tmp, "relay-data")
        cases = []

        def typed_round_trip(dtype, bigtiff_result):
            store = os.path.join(tmp, f"img_{dtype}.zarr")
            level0 = random(dtype, (6, 12, 10), rng)
            make_image(store, level0, space_axes(), SCALE, TRANSLATION)
            job = f"ometiff-{dtype}"
            out = os.path.join(tmp, job + ".ome.tif")
            run(jar, "export", "--store", store, "--array", "0", "--region", REGION, "--format", "ome-tiff",
                "--out", out, "--id", job)
            origin = [TRANSLATION[d] + BOX[d].start * SCALE[d] for d in range(3)]
            check_export(out, level0[BOX], job, origin=origin)
            result = modified(level0[BOX], rng)
            back = os.path.join(tmp, job + "-result.ome.tif")
            tifffile.imwrite(back, result, photometric="minisblack", bigtiff=bigtiff_result, metadata=ome_metadata(job))
            run(jar, "import", "--job", job, "--in", back)
            check_store(store, "0", level0, BOX, result, job)

        for i, dtype in enumerate(TYPES):
            big = i % 3 == 2
            cases.append((f"ome-tiff {dtype}: tifffile reads our export; we import tifffile's"
                          f" {'BigTIFF ' if big else ''}result",
                          lambda d=dtype, b=big: typed_round_trip(d, b)))

        def five_d():
            store = os.path.join(tmp, "img5d.zarr")
            level0 = random("uint16", (2, 3, 6, 12, 10), rng)
            axes = [{"name": "t", "type": "time", "unit": "second"}, {"name": "c", "type": "channel"}] + space_axes()
            make_image(store, level0, axes, [1.0, 1.0] + SCALE, [0.0, 0.0] + TRANSLATION)
            job = "ometiff-5d"
            out = os.path.join(tmp, job + ".ome.tif")
            run(jar, "export", "--store", store, "--array", "0", "--region", "1,2," + REGION, "--format", "ome-tiff",
                "--out", out, "--id", job)
            box = (1, 2) + BOX
            check_export(out, level0[box], job, origin=[TRANSLATION[d] + BOX[d].start * SCALE[d] for d in range(3)])
            result = modified(level0[box], rng)
            back = os.path.join(tmp, job + "-result.ome.tif")
            tifffile.imwrite(back, result, photometric="minisblack", metadata=ome_metadata(job))
            run(jar, "import", "--job", job, "--in", back)
            check_store(store, "0", level0, box, result, job)
        cases.append(("ome-tiff 5D image: a z-stack of one channel and timepoint, exported and imported", five_d))

        def forced_bigtiff():
            store = os.path.join(tmp, "img_big.zarr")
            level0 = random("uint16", (6, 12, 10), rng)
            make_image(store, level0, space_axes(), SCALE, TRANSLATION)
            limit = ["-Dzarr-relay.tiff.classic-limit=0"]
            job = "ometiff-big"
            out = os.path.join(tmp, job + ".ome.tif")
            run(jar, "export", "--store", store, "--array", "0", "--region", REGION, "--format", "ome-tiff",
                "--out", out, "--id", job, properties=limit)
            check_export(out, level0[BOX], job, bigtiff=True)
            plain = os.path.join(tmp, "tiff-big.tif")
            run(jar, "export", "--store", store, "--array", "0", "--region", REGION, "--format", "tiff",
                "--out", plain, "--id", "tiff-big", properties=limit)
            with tifffile.TiffFile(plain) as t:
                if not t.is_bigtiff or not np.array_equal(t.series[0].asarray(), level0[BOX]):
                    raise AssertionError(f"{plain}: is_bigtiff {t.is_bigtiff}; tifffile reads {t.series[0].shape}")
                if "zarr-relay-job=tiff-big" not in (t.imagej_metadata or {}).get("Info", ""):
                    raise AssertionError(f"{plain}: ImageJ's Info lost the job id: {t.imagej_metadata}")
            # a modified plain BigTIFF, deflated, as a Python user saves it: no calibration, so no geometry to compare
            result = modified(level0[BOX], rng)
            back = os.path.join(tmp, "tiff-big-result.tif")
            tifffile.imwrite(back, result, photometric="minisblack", bigtiff=True, compression="zlib")
            run(jar, "import", "--job", "tiff-big", "--in", back)
            check_store(store, "0", level0, BOX, result, "tiff-big")
        cases.append(("BigTIFF: forced OME-TIFF and plain TIFF exports read by tifffile; a tifffile BigTIFF imported",
                      forced_bigtiff))

        def refusals():
            store = os.path.join(tmp, "img_refuse.zarr")
            level0 = random("uint8", (6, 12, 10), rng)
            make_image(store, level0, space_axes(), SCALE, TRANSLATION)
            job = "ometiff-refuse"
            run(jar, "export", "--store", store, "--array", "0", "--region", REGION, "--format", "ome-tiff",
                "--out", os.path.join(tmp, job + ".ome.tif"), "--id", job)
            resampled = os.path.join(tmp, job + "-resampled.ome.tif")
            tifffile.imwrite(resampled, level0[BOX], photometric="minisblack",
                             metadata=ome_metadata(job, [SCALE[0], SCALE[1], SCALE[2] * 2]))
            run_refused(jar, "voxel size", "import", "--job", job, "--in", resampled)
            other = os.path.join(tmp, job + "-other.ome.tif")
            tifffile.imwrite(other, level0[BOX], photometric="minisblack", metadata=ome_metadata("someone-else"))
            run_refused(jar, "belongs to job someone-else", "import", "--job", job, "--in", other)
            two = os.path.join(tmp, job + "-two-channels.ome.tif")
            tifffile.imwrite(two, np.stack([level0[BOX]] * 2), photometric="minisblack", metadata={"axes": "CZYX"})
            run_refused(jar, "2 channels", "import", "--job", job, "--in", two)
            check_store(store, "0", level0, BOX, level0[BOX], "refused results")
        cases.append(("ome-tiff results with another voxel size, another job's name or two channels are refused",
                      refusals))

        failed = run_cases(cases)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
