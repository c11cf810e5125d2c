#!/usr/bin/python3
"""NIfTI interop proof: what our `export --format nifti` writes is read by nibabel (the reference
implementation) as the exported region in the right place, and results that nibabel writes the way
ITK-SNAP / 3D Slicer write them, or mirrored, come back into the store the right way round.

    /usr/bin/python3 tools/interop/check_nifti.py target/zarr-relay.jar

1. zarr-python writes OME-NGFF 0.4 images (one per data type, scale and translation in
   micrometres) and a 5D (t, c, z, y, x) image; our CLI exports regions to .nii.gz.
2. nibabel loads every export: data[x, y, z] == zarr[z, y, x]; img.affine is the diagonal voxel
   size with the region's origin as translation; qform and sform alike with both codes 1; units
   micron; descrip names the job; NIfTI-1 (NIfTI-2 for an axis over 32767 voxels).
3. nibabel writes modified results that our CLI imports back (`import --job ID`):
   - as ITK-SNAP saves a segmentation: uint16, spacing and origin in mm, qform = sform, both codes 1,
     no descrip (ITK drops it), so the file is matched by its job only;
   - the same grid with x mirrored (affine column x negative, origin at the far end), and with x and y
     swapped: the store must hold the result the right way round;
   zarr-python then reads the store: the region holds the result, everything else is unchanged.
4. Results that do not fit are refused and leave the store unchanged: a rotated grid (by our reader),
   and a grid moved along x (by the job layer's origin comparison).
Prints PASS/FAIL lines and `N passed, M failed`; exits 1 on any failure.
"""
import os
import subprocess
import sys
import tempfile

import nibabel as nib
import numpy as np
import zarr

from cases import run_cases

SCALE = [2.0, 0.5, 0.25]            # z, y, x micrometres
TRANSLATION = [100.0, -5.0, 7.5]
DTYPES = ["bool", "uint8", "int8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64"]
JAR = None
DATA = None


def run(*args):
    """Runs our CLI with a private relay data folder; returns stdout, raises with stderr on failure."""
    r = subprocess.run(["java", "-jar", JAR, *args, "--data", DATA], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("zarr-relay " + " ".join(args) + " failed: " + (r.stderr.strip() or r.stdout.strip()))
    return r.stdout


def ngff(path, arr, axes="zyx", scale=None, translation=None):
    root = zarr.open_group(zarr.DirectoryStore(path), mode="w")
    root.create_dataset("0", data=arr, chunks=tuple(min(8, s) for s in arr.shape), dimension_separator="/")
    kinds = {"t": "time", "c": "channel"}
    root.attrs["multiscales"] = [{
        "version": "0.4", "name": "img",
        "axes": [dict({"name": a, "type": kinds.get(a, "space")}, **({} if a in kinds else {"unit": "micrometer"}))
                 for a in axes],
        "datasets": [{"path": "0", "coordinateTransformations": [
            {"type": "scale", "scale": scale or [1.0] * (len(axes) - 3) + SCALE},
            {"type": "translation", "translation": translation or [0.0] * (len(axes) - 3) + TRANSLATION}]}]}]
    return root


def values(shape, dtype, rng):
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return rng.random(shape) > 0.5
    if dt.kind == "f":
        return rng.normal(size=shape).astype(dt) * 100
    info = np.iinfo(dt)
    return rng.integers(max(info.min, -30000), min(info.max, 60000), size=shape, endpoint=True).astype(dt)


def region_slices(region):
    out = []
    for part in region.split(","):
        if ":" in part:
            a, b = part.split(":")
            out.append(slice(int(a), int(b)))
        else:
            out.append(int(part))
    return tuple(out)


def expected_affine(starts, scale=SCALE, translation=TRANSLATION):
    """Diagonal voxel size (x, y, z) with the origin of the region's first voxel as translation."""
    aff = np.eye(4)
    for i, axis in enumerate((2, 1, 0)):   # NIfTI i, j, k = x, y, z = zarr axes 2, 1, 0
        aff[i, i] = scale[axis]
        aff[i, 3] = translation[axis] + starts[axis] * scale[axis]
    return aff


def check_export(path, job, zyx, affine, version=1):
    img = nib.load(path)
    hdr = img.header
    want = type(img).__name__
    if want != ("Nifti1Image" if version == 1 else "Nifti2Image"):
        raise AssertionError(f"nibabel reads {path} as {want}, not NIfTI-{version}")
    data = np.asanyarray(img.dataobj)
    expected = zyx.astype(np.uint8) if zyx.dtype == bool else zyx
    if data.dtype != expected.dtype:
        raise AssertionError(f"nibabel reads {data.dtype}, the region is {zyx.dtype}")
    if data.shape != expected.shape[::-1] or not np.array_equal(data, expected.transpose(2, 1, 0), equal_nan=True):
        raise AssertionError(f"data[x, y, z] != zarr[z, y, x] (nibabel shape {data.shape}, region {zyx.shape})")
    for name, code in (("qform_code", hdr["qform_code"]), ("sform_code", hdr["sform_code"])):
        if int(code) != 1:
            raise AssertionError(f"{name} is {int(code)}, not 1")
    if not np.allclose(img.affine, affine, rtol=1e-6, atol=1e-5):
        raise AssertionError(f"img.affine is\n{img.affine}\nnot\n{affine}")
    if not np.allclose(img.get_qform(), img.get_sform(), rtol=1e-6, atol=1e-5):
        raise AssertionError(f"qform\n{img.get_qform()}\n differs from sform\n{img.get_sform()}")
    if hdr.get_xyzt_units()[0] != "micron":
        raise AssertionError(f"xyzt_units say {hdr.get_xyzt_units()}, not micron")
    descrip = hdr["descrip"].tobytes().rstrip(b"\0").decode()
    if descrip != "zarr-relay job " + job:
        raise AssertionError(f"descrip is {descrip!r}")
    if hdr.get_slope_inter() != (None, None) and hdr.get_slope_inter() != (1.0, 0.0):
        raise AssertionError(f"scl_slope/inter {hdr.get_slope_inter()}")


def itk_style(data_xyz, affine_mm, path):
    """Saves as ITK-SNAP does: spacing and origin in mm, qform = sform with both codes 1, no descrip."""
    img = nib.Nifti1Image(data_xyz, affine_mm)
    img.set_qform(affine_mm, code=1)
    img.set_sform(affine_mm, code=1)
    img.header.set_xyzt_units("mm", "sec")
    nib.save(img, path)


def to_mm(aff):
    out = aff.copy()
    out[:3, :] /= 1000.0
    return out


def main():
    global JAR, DATA
    JAR = os.path.abspath(sys.argv[1])
    rng = np.random.default_rng(23)
    with tempfile.TemporaryDirectory() as tmp:
        DATA = os.path.join(tmp, "relay-data")
        cases = []

        def export_case(dtype):
            def case():
                store = os.path.join(tmp, f"img_{dtype}.zarr")
                arr = values((6, 12, 10), dtype, rng)
                ngff(store, arr)
                region = "0:4,2:9,1:7"
                job = f"nii-{dtype}"
                out = os.path.join(tmp, job + ".nii.gz")
                run("export", "--store", store, "--array", "0", "--region", region, "--format", "nifti", "--out", out,
                    "--id", job)
                check_export(out, job, arr[region_slices(region)], expected_affine([0, 2, 1]))
            return case
        for dt in DTYPES:
            cases.append((f"export_{dt}_nibabel_reads_it", export_case(dt)))

        def export_5d():
            store = os.path.join(tmp, "img5d.zarr")
            arr = values((2, 3, 5, 8, 9), "uint16", rng)
            ngff(store, arr, axes="tczyx")
            region = "1,2,0:4,2:7,1:9"
            out = os.path.join(tmp, "nii-5d.nii.gz")
            run("export", "--store", store, "--array", "0", "--region", region, "--format", "nifti", "--out", out,
                "--id", "nii-5d")
            check_export(out, "nii-5d", arr[region_slices(region)], expected_affine([0, 2, 1]))
        cases.append(("export_5d_tczyx_single_t_and_c", export_5d))

        def export_uncompressed():
            store = os.path.join(tmp, "img_nii.zarr")
            arr = values((6, 12, 10), "int16", rng)
            ngff(store, arr)
            region = "0:4,2:9,1:7"
            out = os.path.join(tmp, "nii-plain.nii")
            run("export", "--store", store, "--array", "0", "--region", region, "--out", out, "--id", "nii-plain")
            with open(out, "rb") as f:
                if f.read(2) == b"\x1f\x8b":
                    raise AssertionError(f"{out} is gzip-compressed, but its name says it is not")
            check_export(out, "nii-plain", arr[region_slices(region)], expected_affine([0, 2, 1]))
        cases.append(("export_to_dot_nii_is_uncompressed_and_format_comes_from_the_name", export_uncompressed))

        def export_wide():
            store = os.path.join(tmp, "wide.zarr")
            arr = values((1, 2, 40000), "uint8", rng)
            ngff(store, arr)
            out = os.path.join(tmp, "nii-wide.nii.gz")
            run("export", "--store", store, "--array", "0", "--region", "0:1,0:2,0:40000", "--format", "nifti",
                "--out", out, "--id", "nii-wide")
            check_export(out, "nii-wide", arr, expected_affine([0, 0, 0]), version=2)
        cases.append(("export_40000_voxel_axis_is_nifti2", export_wide))

        # write-backs: one store, disjoint regions, one job each
        rt_store = os.path.join(tmp, "labels.zarr")
        rt_base = values((8, 30, 40), "uint16", rng)
        ngff(rt_store, rt_base)
        rt_expected = rt_base.copy()

        def roundtrip(job, region, make_file):
            def case():
                out = os.path.join(tmp, job + ".nii.gz")
                run("export", "--store", rt_store, "--array", "0", "--region", region, "--format", "nifti", "--out",
                    out, "--id", job)
                exported = nib.load(out)
                data = np.asanyarray(exported.dataobj)                  # x, y, z
                result = (data.astype(np.int64) * 3 + 11) % 60000      # what the tool made of it
                result = result.astype(np.uint16)
                returned = os.path.join(tmp, job + "-result.nii.gz")
                make_file(result, exported.affine, returned)
                print(run("import", "--job", job, "--in", returned).strip())
                rt_expected[region_slices(region)] = result.transpose(2, 1, 0)
                got = zarr.open_group(zarr.DirectoryStore(rt_store), mode="r")["0"][...]
                if not np.array_equal(got, rt_expected):
                    bad = np.argwhere(got != rt_expected)
                    raise AssertionError(f"the store differs from the expected result at {len(bad)} voxels, e.g. "
                                         f"{bad[:3].tolist()}")
            return case

        def itk(result, affine_um, path):
            itk_style(result, to_mm(affine_um), path)

        def flipped_x(result, affine_um, path):
            # the same voxels stored with i running towards -x: the far x end first
            aff = affine_um.copy()
            aff[0, 3] += aff[0, 0] * (result.shape[0] - 1)
            aff[0, 0] = -aff[0, 0]
            itk_style(result[::-1, :, :], to_mm(aff), path)

        def swapped_xy(result, affine_um, path):
            # i runs along y and j along x
            aff = affine_um.copy()
            aff[:, [0, 1]] = aff[:, [1, 0]]
            itk_style(np.ascontiguousarray(result.transpose(1, 0, 2)), to_mm(aff), path)

        cases.append(("import_itksnap_style_mm_qform_sform", roundtrip("nii-rt-itk", "0:4,0:10,0:12", itk)))
        cases.append(("import_mirrored_x_lands_unmirrored", roundtrip("nii-rt-flip", "4:8,12:25,3:20", flipped_x)))
        cases.append(("import_swapped_xy_lands_unswapped", roundtrip("nii-rt-swap", "0:5,15:29,22:39", swapped_xy)))

        def refused(job, region, make_file, reason):
            def case():
                out = os.path.join(tmp, job + ".nii.gz")
                run("export", "--store", rt_store, "--array", "0", "--region", region, "--format", "nifti", "--out",
                    out, "--id", job)
                exported = nib.load(out)
                returned = os.path.join(tmp, job + "-result.nii.gz")
                make_file(np.asanyarray(exported.dataobj), exported.affine, returned)
                try:
                    msg = run("import", "--job", job, "--in", returned)
                except RuntimeError as e:
                    msg = str(e)
                if reason not in msg:
                    raise AssertionError(f"the import was not refused for '{reason}': {msg.strip()}")
                got = zarr.open_group(zarr.DirectoryStore(rt_store), mode="r")["0"][...]
                if not np.array_equal(got, rt_expected):
                    raise AssertionError("a refused import changed the store")
            return case

        def rotated(result, affine_um, path):
            # what a tool that resampled into another frame would save: a 10-degree turn about z
            t = np.deg2rad(10)
            rot = np.eye(4)
            rot[:2, :2] = [[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]]
            itk_style(result, to_mm(rot @ affine_um), path)

        cases.append(("import_rotated_is_refused", refused("nii-rt-rot", "5:8,0:10,25:40", rotated, "rotated or sheared")))

        def moved(result, affine_um, path):
            # the right grid, but 5 voxels further along x: it belongs elsewhere in the image
            aff = affine_um.copy()
            aff[0, 3] += 5 * aff[0, 0]
            itk_style(result, to_mm(aff), path)

        cases.append(("import_moved_origin_is_refused", refused("nii-rt-moved", "6:8,20:30,0:10", moved, "shifted")))

        failed = run_cases(cases)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
