#!/usr/bin/python3
"""The seed tutorial's round trip done by hand with zarr-python 2.13 + tifffile, as the baseline for
bench/roundtrip.sh, and the report that puts it next to ours.

run:    the same cases as `RoundTripBenchCommand`, on the same store. Export = `data = z[sel]` then
        `tifffile.imwrite(path, data, imagej=True)` (what a user does for Fiji; numpy.save for npy;
        nibabel.save of a Nifti1Image for nifti; one pydicom dataset per slice for dicom;
        tifffile.imwrite(..., ome=True) for ome-tiff); write-back = the matching read
        (`tifffile.imread(path)`, numpy.load, ...) then `z[sel] = data`, from the file that
        export just wrote. The old file is removed, untimed, before each export, as ours does. Neither
        call fsyncs: that is what the user's code does. Median of N samples after one untimed round
        trip per case; each step inside a phase is timed too. Minor page faults are recorded: without
        tifffile imported (npy), glibc's malloc hands zarr-python a fresh mmap for each 512 KB chunk
        copy and its write-back runs about 3.5x slower, so npy write-back ratios flatter us.
report: combines one JSON per round and tool into one table and bench/results/roundtrip.json.

Usage: roundtrip_python.py run --store DIR --work DIR [--format tiff|npy] [--repeat N] [--json FILE]
       roundtrip_python.py report --ours R1.json ... --python R1.json ... --out FILE [--load TEXT]
"""
import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import sys
import time

# Must match RoundTripBenchCommand.CASES.
CASES = [
    {"name": "r256", "offset": [128, 128, 128], "shape": [256, 256, 256], "note": "256^3, 64 whole chunks"},
    {"name": "slab", "offset": [192, 0, 0], "shape": [128, 512, 512], "note": "128x512x512, 128 whole chunks"},
]
PHASES = ("export", "writeback")
# What any tool does in each phase whatever its code: the region's chunk files read or replaced, its
# chunks decoded or encoded by blosc, the file's bytes written or read. Ours' own steps, timed alone
# ("breakdown"), give their CPU time; spread over every core, that is as fast as the phase can go here.
# The engine's read and write alone (bench/run.sh's a256 is the r256 region) have floors too.
FLOOR_STEPS = {"export": ("store_get", "codec_decode", "raw_write"),
               "writeback": ("raw_read", "codec_encode", "store_put"),
               "zarr_read": ("store_get", "codec_decode"),
               "zarr_write": ("codec_encode", "store_put")}


def cpu_seconds():
    u = resource.getrusage(resource.RUSAGE_SELF)  # blosc's threads included
    return u.ru_utime + u.ru_stime


def minor_faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def remove(path):
    """A file, or a DICOM series' folder."""
    if os.path.isdir(path):
        import shutil
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)


def file_functions(fmt):
    """How a Python user writes and reads each format by hand: (extension, library, save, load)."""
    import numpy as np
    if fmt == "tiff":
        import tifffile

        def save(path, data):
            tifffile.imwrite(path, data, imagej=True)
        return "tif", "tifffile " + tifffile.__version__, save, tifffile.imread
    if fmt == "ome-tiff":
        import tifffile

        def save(path, data):
            tifffile.imwrite(path, data, ome=True, metadata={"axes": "ZYX"})
        return "ome.tif", "tifffile " + tifffile.__version__ + " (OME)", save, tifffile.imread
    if fmt == "nifti":
        import nibabel as nib

        def save(path, data):
            # NIfTI's first axis is x: the transposed view is written out in the same byte order
            nib.save(nib.Nifti1Image(data.transpose(2, 1, 0), np.eye(4)), path)

        def load(path):
            return np.asarray(nib.load(path).dataobj).transpose(2, 1, 0)
        return "nii.gz", "nibabel " + nib.__version__, save, load
    if fmt == "dicom":
        import pydicom
        from pydicom.dataset import Dataset, FileMetaDataset
        from pydicom.uid import ExplicitVRLittleEndian, generate_uid

        def save(path, data):
            os.makedirs(path)
            series, study = generate_uid(), generate_uid()
            for k in range(data.shape[0]):
                meta = FileMetaDataset()
                meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.4"
                meta.MediaStorageSOPInstanceUID = generate_uid()
                meta.TransferSyntaxUID = ExplicitVRLittleEndian
                ds = Dataset()
                ds.file_meta = meta
                ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
                ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.Modality = study, series, "MR"
                ds.InstanceNumber, ds.ImagePositionPatient = k + 1, [0, 0, k]
                ds.ImageOrientationPatient, ds.PixelSpacing = [1, 0, 0, 0, 1, 0], [1, 1]
                ds.Rows, ds.Columns = data.shape[1], data.shape[2]
                ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
                ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
                ds.PixelData = data[k].tobytes()
                ds.save_as(os.path.join(path, "IMG%04d.dcm" % (k + 1)), write_like_original=False)

        def load(path):
            slices = [pydicom.dcmread(os.path.join(path, n)) for n in os.listdir(path)]
            slices.sort(key=lambda d: float(d.ImagePositionPatient[2]))
            return np.stack([d.pixel_array for d in slices])
        return "dcm", "pydicom " + pydicom.__version__, save, load
    return "npy", "numpy.save/load", np.save, np.load


def run(a):
    import numpy as np
    import numcodecs
    import zarr

    ext, version, save, load = file_functions(a.format)
    z = zarr.open_array(a.store, mode="r+")
    if z.shape != (512, 512, 512) or z.chunks != (64, 64, 64) or z.dtype != np.dtype("<u2"):
        sys.exit(f"{a.store} is not the bench array (512^3 uint16, chunks 64^3): run `zarr-relay bench --create-only` first")
    print(f"zarr-python {zarr.__version__}, numcodecs {numcodecs.__version__} (blosc threads "
          f"{numcodecs.blosc.get_nthreads()}), numpy {np.__version__}, {version}; median of {a.repeat}")
    print(f"{'case':5} {'phase':10} {'seconds':>8} {'MB/s':>7}   steps (ms)")

    results = []
    for c in CASES:
        sel = tuple(slice(o, o + s) for o, s in zip(c["offset"], c["shape"]))
        path = os.path.join(a.work, f"roundtrip-python-{c['name']}.{ext}")
        nbytes = int(np.prod(c["shape"])) * 2
        steps = {k: [] for k in ("zarr_read", "file_write", "file_read", "zarr_write")}
        totals = {p: [] for p in PHASES}
        cpu = {p: 0.0 for p in PHASES}
        faults = {p: 0 for p in PHASES}
        for r in range(a.repeat + 1):  # the first round trip is untimed
            remove(path)
            f0, c0, t0 = minor_faults(), cpu_seconds(), time.perf_counter()
            data = z[sel]
            t1 = time.perf_counter()
            save(path, data)
            t2, c2, f2 = time.perf_counter(), cpu_seconds(), minor_faults()
            del data
            f3, c3, t3 = minor_faults(), cpu_seconds(), time.perf_counter()
            back = load(path)
            t4 = time.perf_counter()
            z[sel] = back
            t5, c5, f5 = time.perf_counter(), cpu_seconds(), minor_faults()
            del back
            if r == 0:
                continue
            steps["zarr_read"].append(t1 - t0)
            steps["file_write"].append(t2 - t1)
            steps["file_read"].append(t4 - t3)
            steps["zarr_write"].append(t5 - t4)
            totals["export"].append(t2 - t0)
            totals["writeback"].append(t5 - t3)
            cpu["export"] += c2 - c0
            cpu["writeback"] += c5 - c3
            faults["export"] += f2 - f0
            faults["writeback"] += f5 - f3
        remove(path)
        row = {"name": c["name"], "note": c["note"], "offset": c["offset"], "shape": c["shape"], "bytes": nbytes}
        for p in PHASES:
            row[p] = {"seconds": statistics.median(totals[p]), "samples": totals[p], "cpu_ms_per_op": cpu[p] * 1e3 / a.repeat,
                      "minor_faults_per_op": faults[p] / a.repeat}
        row["steps"] = {k: {"seconds": statistics.median(v), "samples": v} for k, v in steps.items()}
        med = {k: statistics.median(v) * 1e3 for k, v in steps.items()}
        for p, parts in (("export", ("zarr_read", "file_write")), ("writeback", ("file_read", "zarr_write"))):
            s = row[p]["seconds"]
            print(f"{c['name']:5} {p:10} {s:8.3f} {nbytes / 1e6 / s:7.0f}   "
                  + ", ".join(f"{k} {med[k]:.1f}" for k in parts), flush=True)
        results.append(row)

    if a.json:
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, "w") as f:
            json.dump({"tool": "zarr-python", "format": a.format, "zarr": zarr.__version__,
                       "numcodecs": numcodecs.__version__, "numpy": np.__version__, "file_library": version,
                       "blosc_threads": numcodecs.blosc.get_nthreads(), "store": os.path.abspath(a.store),
                       "work": os.path.abspath(a.work), "repeat": a.repeat, "cases": results}, f, indent=2)


def report(a):
    def load(paths):
        runs = []
        for path in paths:
            with open(path) as f:
                runs.append(json.load(f))
        return runs

    ours, py = load(a.ours), load(a.python)
    if len(ours) != len(py):
        raise SystemExit("give one file per round for each tool")
    med = statistics.median
    by_case = [{c["name"]: c for c in run["cases"]} for run in ours], [{c["name"]: c for c in run["cases"]} for run in py]
    fmt = ours[0]["format"]
    print(f"format {fmt}; ours as serve with relay.fsync={str(ours[0].get('relay_fsync', False)).lower()}"
          f" (export as a job with its merge base, write-back as a journaled transaction); Python never syncs")
    print(f"{len(ours)} round(s) of median-of-{ours[0]['repeat']}; MB/s of uncompressed voxels"
          f" (1 MB = 10^6 B); ratio = python seconds / ours, per round, median (range) over rounds")
    print(f"{'case':5} {'phase':10} {'ours s':>7} {'MB/s':>6} {'python s':>9} {'MB/s':>6} {'ratio':>7} {'(range)':>12}"
          f"  {'CPU ms ours':>11} {'python':>7}")
    summary = []
    for c in ours[0]["cases"]:
        name, nbytes = c["name"], c["bytes"]
        for p in PHASES:
            o = [r[name][p] for r in by_case[0]]
            z = [r[name][p] for r in by_case[1]]
            ratios = [zi["seconds"] / oi["seconds"] for oi, zi in zip(o, z)]
            row = {"case": name, "phase": p, "bytes": nbytes,
                   "ours_seconds": med([x["seconds"] for x in o]), "python_seconds": med([x["seconds"] for x in z]),
                   "ratio": med(ratios), "ratio_per_round": ratios,
                   "ours_cpu_ms": med([x["cpu_ms_per_op"] for x in o]), "python_cpu_ms": med([x["cpu_ms_per_op"] for x in z])}
            row["ours_mbps"] = nbytes / 1e6 / row["ours_seconds"]
            row["python_mbps"] = nbytes / 1e6 / row["python_seconds"]
            rng = f"({min(ratios):.2f}-{max(ratios):.2f})"
            print(f"{name:5} {p:10} {row['ours_seconds']:7.3f} {row['ours_mbps']:6.0f} {row['python_seconds']:9.3f}"
                  f" {row['python_mbps']:6.0f} {row['ratio']:6.2f}x {rng:>12}  {row['ours_cpu_ms']:11.0f}"
                  f" {row['python_cpu_ms']:7.0f}")
            summary.append(row)

    steps = {}
    if all("breakdown" in c for c in ours[0]["cases"]):
        print()
        print("where the time goes: median ms of each step (ours: each step alone; python: inside its round trip)")
        names = [c["name"] for c in ours[0]["cases"]]
        print(f"{'step':22}" + "".join(f" {n:>8}" for n in names))
        for step in ours[0]["cases"][0]["breakdown"]:
            vals = [med([r[n]["breakdown"][step]["seconds"] for r in by_case[0]]) * 1e3 for n in names]
            steps["ours_" + step] = dict(zip(names, vals))
            print(f"{'ours ' + step:22}" + "".join(f" {v:8.1f}" for v in vals))
        for step in py[0]["cases"][0]["steps"]:
            vals = [med([r[n]["steps"][step]["seconds"] for r in by_case[1]]) * 1e3 for n in names]
            steps["python_" + step] = dict(zip(names, vals))
            print(f"{'python ' + step:22}" + "".join(f" {v:8.1f}" for v in vals))

    floors = []
    if all("codec_decode" in c.get("breakdown", {}) for c in ours[0]["cases"]):
        cores = os.cpu_count()
        print()
        print(f"floor: the least CPU time of the steps any tool takes, from ours' steps alone, spread over {cores} cores;"
              f" an estimate (a step alone can cost more than inside the whole); best ratio = python seconds / floor")
        for phase, parts in FLOOR_STEPS.items():
            print(f"  {phase}: {' + '.join(parts)}")
        print(f"{'case':5} {'phase':10} {'ours s':>7} {'floor s':>8} {'python s':>9} {'ratio':>6} {'best ratio':>11}")
        rows = {(r["case"], r["phase"]): r for r in summary}
        for name in [c["name"] for c in ours[0]["cases"]]:
            for phase, parts in FLOOR_STEPS.items():
                if phase in PHASES:
                    row = rows[(name, phase)]
                    ours_s, python_s, ratio = row["ours_seconds"], row["python_seconds"], row["ratio"]
                else:  # an engine step: ours timed alone, python's inside its round trip
                    ours_s, python_s = steps["ours_" + phase][name] / 1e3, steps["python_" + phase][name] / 1e3
                    ratio = python_s / ours_s
                # each step's least CPU of a sample (a lower bound: as cheap as it ever was), median over rounds
                cpu_ms = sum(med([min(r[name]["breakdown"][step]["cpu_ms"]) for r in by_case[0]]) for step in parts)
                floor = {"case": name, "phase": phase, "steps": list(parts), "cpu_ms": cpu_ms,
                         "seconds": cpu_ms / 1e3 / cores, "ours_seconds": ours_s, "python_seconds": python_s}
                floor["best_ratio"] = python_s / floor["seconds"]
                floors.append(floor)
                print(f"{name:5} {phase:10} {ours_s:7.3f} {floor['seconds']:8.3f} {python_s:9.3f} {ratio:5.2f}x"
                      f" {floor['best_ratio']:10.2f}x")

    latest = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "load_average_before_after": a.load},
        "format": fmt, "rounds": len(ours), "summary": summary, "steps_ms": steps, "floors": floors, "ours": ours, "python": py,
    }
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(latest, f, indent=2)
    print(f"\nresults: {a.out}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="time the round trip with zarr-python")
    r.add_argument("--store", required=True, help="the store `zarr-relay bench --create-only` created")
    r.add_argument("--work", required=True, help="where the files go (the same folder ours uses)")
    r.add_argument("--format", choices=("tiff", "npy", "nifti", "dicom", "ome-tiff"), default="tiff")
    r.add_argument("--repeat", type=int, default=5)
    r.add_argument("--json", help="write the results here")
    s = sub.add_parser("report", help="one table from the JSON files of a run")
    s.add_argument("--ours", nargs="+", required=True)
    s.add_argument("--python", nargs="+", required=True)
    s.add_argument("--load", default="", help="load averages before / after the run, for the record")
    s.add_argument("--out", required=True)
    a = p.parse_args()
    if a.command == "run":
        run(a)
    else:
        report(a)


if __name__ == "__main__":
    main()
