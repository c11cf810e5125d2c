#!/usr/bin/python3
"""Write-side interop proof: zarr-relay's CLI writes into stores other tools made (and stores it
made itself), and the other tools read every voxel back.

    /usr/bin/python3 tools/interop/write_roundtrip.py target/zarr-relay.jar [--seed N] [--only TEXT] [--keep]

For each case: a store is made and filled (by zarr-python 2.13, by zarrita 0.7.5, or by our
`create` + `import`); our `import` pastes 3 random regions that cut through chunks and touch the
array's far edges; then the WHOLE array is read by another implementation and compared bit for
bit with the expected array (initial data with the regions pasted), which proves the untouched
voxels of partially rewritten chunks survived; finally our `export` of a random region is compared
with that tool's read. v3 stores are also read by v3_spec_read.py, an independent decoder that
verifies every crc32c and reads index-at-start shards, which zarrita cannot.

Prints `PASS name` / `FAIL name: reason` per case and `N passed, M failed`; exits 1 on any failure.
Needs /usr/bin/python3 with python3-zarr + python3-numpy, node, and `npm ci` in tools/interop
(run automatically when node_modules is missing).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
import zlib
from dataclasses import dataclass, field

import numpy as np
import zarr
from numcodecs import GZip, Zlib, Zstd
from numcodecs.blosc import BITSHUFFLE, SHUFFLE, Blosc

import v3_spec_read

HERE = os.path.dirname(os.path.abspath(__file__))
BYTES_LE = {"name": "bytes", "configuration": {"endian": "little"}}
BYTES_BE = {"name": "bytes", "configuration": {"endian": "big"}}


def blosc_v3(cname, clevel, shuffle, typesize):
    return {"name": "blosc", "configuration": {"cname": cname, "clevel": clevel, "shuffle": shuffle,
                                               "typesize": typesize, "blocksize": 0}}


def zstd_v3(level):
    return {"name": "zstd", "configuration": {"level": level, "checksum": False}}


@dataclass
class Case:
    """One store: who makes it, who reads it back, and its array."""
    name: str
    maker: str                    # "zarr-python" (v2), "zarrita" (v3) or "ours" (our create + import)
    readers: list                 # any of "zarr-python", "zarrita", "spec" (v3_spec_read), "ours" (our export)
    dtype: str                    # numpy dtype with byte order, e.g. ">i2"
    shape: tuple = (40, 50, 60)
    chunks: tuple = (16, 16, 16)  # with a shard: the inner chunk shape
    array: str = ""               # path inside the store; "" for an array at the root
    zarr_format: int = 3
    compressor: object = None     # zarr-python: a numcodecs codec or None
    order: str = "C"              # zarr-python
    separator: str = "."          # zarr-python and zarrita
    codecs: list = field(default_factory=list)      # zarrita: v3 codec metadata
    create_args: list = field(default_factory=list)  # ours: extra `create` options
    fill: object = 0
    partial: bool = False         # ours: the initial import covers only part of the array


CASES = [
    # ---- v2, made and filled by zarr-python, read back by zarr-python ----
    Case("v2py_uint16_blosc_lz4_shuffle_C_dot_group", "zarr-python", ["zarr-python"], "<u2", array="raw",
         zarr_format=2, compressor=Blosc("lz4", 5, SHUFFLE), order="C", separator="."),
    Case("v2py_float32_zstd_F_slash", "zarr-python", ["zarr-python"], "<f4", shape=(33, 47, 29), chunks=(10, 12, 8),
         zarr_format=2, compressor=Zstd(3), order="F", separator="/", fill=float("nan")),
    Case("v2py_int16_bigendian_gzip_C_slash_nested", "zarr-python", ["zarr-python"], ">i2", array="vol/raw",
         zarr_format=2, compressor=GZip(5), order="C", separator="/"),
    Case("v2py_uint8_none_F_dot", "zarr-python", ["zarr-python"], "|u1", zarr_format=2, compressor=None,
         order="F", separator="."),
    Case("v2py_float64_bigendian_blosc_zstd_bitshuffle_F", "zarr-python", ["zarr-python"], ">f8",
         shape=(30, 41, 37), chunks=(16, 16, 16), zarr_format=2, compressor=Blosc("zstd", 3, BITSHUFFLE), order="F"),
    Case("v2py_int32_zlib_C_slash", "zarr-python", ["zarr-python"], "<i4", zarr_format=2, compressor=Zlib(5),
         separator="/"),
    Case("v2py_uint64_blosc_lz4_F_slash", "zarr-python", ["zarr-python"], "<u8", shape=(25, 31, 27),
         chunks=(8, 8, 8), zarr_format=2, compressor=Blosc("lz4", 5, SHUFFLE), order="F", separator="/"),
    Case("v2py_bool_zlib_C_dot", "zarr-python", ["zarr-python"], "|b1", zarr_format=2, compressor=Zlib(1)),
    # ---- v2, made by our create + import, read back by zarr-python ----
    Case("v2ours_int16_blosc_F_slash", "ours", ["zarr-python"], "<i2", array="raw", zarr_format=2,
         create_args=["--compressor", "blosc:zstd:3:bitshuffle", "--order", "F", "--separator", "/"]),
    Case("v2ours_float64_bigendian_zlib_partial", "ours", ["zarr-python"], ">f8", zarr_format=2,
         create_args=["--compressor", "zlib:5", "--endian", "big", "--fill", "-1.5"], fill=-1.5, partial=True),
    # ---- v3, made and filled by zarrita, read back by zarrita and the spec reader ----
    Case("v3zarrita_uint16_blosc_lz4_shuffle_group", "zarrita", ["zarrita", "spec"], "<u2", array="raw",
         separator="/", codecs=[BYTES_LE, blosc_v3("lz4", 5, "shuffle", 2)]),
    Case("v3zarrita_float32_zstd_dot", "zarrita", ["zarrita", "spec"], "<f4", shape=(33, 47, 29), chunks=(10, 12, 8),
         separator=".", codecs=[BYTES_LE, zstd_v3(3)]),
    Case("v3zarrita_int16_bytes", "zarrita", ["zarrita", "spec"], "<i2", separator="/", codecs=[BYTES_LE]),
    Case("v3zarrita_float64_bytes_bigendian", "zarrita", ["zarrita", "spec"], ">f8", shape=(30, 41, 37),
         separator="/", codecs=[BYTES_BE]),
    Case("v3zarrita_uint64_transpose_blosc_zstd_bitshuffle", "zarrita", ["zarrita", "spec"], "<u8",
         shape=(25, 31, 27), chunks=(8, 8, 8), separator="/",
         codecs=[{"name": "transpose", "configuration": {"order": [2, 1, 0]}}, BYTES_LE,
                 blosc_v3("zstd", 3, "bitshuffle", 8)]),
    # ---- v3, made by our create + import, read back by zarrita and the spec reader ----
    Case("v3ours_uint16_shard_index_end_blosc", "ours", ["zarrita", "spec"], "<u2", chunks=(16, 16, 16),
         create_args=["--shard", "32,32,32", "--index-location", "end", "--compressor", "blosc:lz4:5:shuffle"]),
    Case("v3ours_float32_shard_crc32c_zstd", "ours", ["zarrita", "spec"], "<f4", chunks=(8, 16, 16),
         create_args=["--shard", "16,32,32", "--checksum", "--compressor", "zstd:3"]),
    Case("v3ours_uint16_shard_fill_partial", "ours", ["zarrita", "spec"], "<u2", array="labels/0",
         create_args=["--shard", "32,32,32", "--compressor", "zstd:3", "--fill", "7"], fill=7, partial=True),
    Case("v3ours_uint64_shard_crc32c_bigendian", "ours", ["zarrita", "spec"], ">u8", shape=(25, 31, 27),
         chunks=(8, 8, 8), create_args=["--shard", "16,16,16", "--checksum", "--endian", "big", "--compressor", "none"]),
    Case("v3ours_int32_gzip", "ours", ["zarrita", "spec"], "<i4", create_args=["--compressor", "gzip:5"]),
    Case("v3ours_uint8_zlib_dot", "ours", ["zarrita", "spec"], "|u1", shape=(33, 47, 29), chunks=(10, 12, 8),
         create_args=["--compressor", "zlib:5", "--separator", "."]),
    Case("v3ours_float32_transpose_blosc_bitshuffle", "ours", ["zarrita", "spec"], "<f4",
         create_args=["--order", "F", "--compressor", "blosc:zstd:3:bitshuffle"]),
    Case("v3ours_int16_bigendian_none", "ours", ["zarrita", "spec"], ">i2",
         create_args=["--endian", "big", "--compressor", "none"]),
    Case("v3ours_float64_bigendian_crc32c_nan_partial", "ours", ["zarrita", "spec"], ">f8", shape=(30, 41, 37),
         create_args=["--endian", "big", "--checksum", "--compressor", "zstd:3", "--fill", "NaN"],
         fill=float("nan"), partial=True),
    # index-at-start shards: zarrita 0.7.5 cannot read them, so our export and the spec reader do
    Case("v3ours_int16_shard_index_start", "ours", ["ours", "spec"], "<i2",
         create_args=["--shard", "32,32,32", "--index-location", "start", "--checksum", "--compressor", "gzip:5"]),
]


class CaseFailure(Exception):
    pass


def unused(path):
    """path, or path with a number added, naming no file yet: our export never overwrites a file."""
    stem, ext = os.path.splitext(path)
    n = 1
    while os.path.exists(path):
        n += 1
        path = f"{stem}-{n}{ext}"
    return path


class Harness:
    def __init__(self, jar, java, workdir):
        self.jar = jar
        self.java = java
        self.data = os.path.join(workdir, "relay-data")
        self.workdir = workdir

    # ---- tools ----
    def cli(self, *args):
        cmd = [self.java, "-jar", self.jar, *[str(a) for a in args]]
        if args[0] in ("import", "export"):
            # job commands record their jobs in a relay data folder's ledger: a private one here
            cmd += ["--data", self.data]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            raise CaseFailure(f"`{args[0]}` did not finish in 600 s")
        if r.returncode != 0:
            raise CaseFailure(f"`{' '.join(cmd[3:])}` exited {r.returncode}: {tail(r.stderr or r.stdout)}")
        return r.stdout

    def node(self, script, *args):
        r = subprocess.run(["node", os.path.join(HERE, script), *[str(a) for a in args]],
                           capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            raise CaseFailure(f"{script} exited {r.returncode}: {tail(r.stderr, 1)}")

    # ---- one case ----
    def run(self, case, rng):
        root = os.path.join(self.workdir, case.name)
        os.makedirs(root)
        store = os.path.join(root, "store.zarr")
        dtype = np.dtype(case.dtype)
        expected, written = self.make(case, store, root, rng)
        self.check_info(store)

        # the regions: unaligned, the first two touching the array's far edges
        for i in range(3):
            box = random_box(case.shape, case.chunks, rng, touch_edge=i < 2)
            data = random_data(dtype, tuple(b.stop - b.start for b in box), rng)
            npy = os.path.join(root, f"region{i}.npy")
            np.save(npy, little_endian(data))
            self.cli("import", "--store", store, *array_opt(case), "--in", npy,
                     "--offset", ",".join(str(b.start) for b in box))
            expected[box] = data
            written[box] = True

        reads = {}
        for reader in case.readers:
            got = self.read(reader, case, store, root)
            problem = compare(expected, got, written)
            if problem:
                raise CaseFailure(f"{reader} reads the whole array differently: {problem}")
            reads[reader] = got

        # our export of a random region against the other tools' reads
        box = random_box(case.shape, case.chunks, rng, touch_edge=False)
        out = unused(os.path.join(root, "export.npy"))
        self.cli("export", "--store", store, *array_opt(case), "--region", region_text(box),
                 "--format", "npy", "--out", out)
        exported = np.load(out)
        with open(out + ".manifest.json") as f:
            recorded = json.load(f)["crc32"]
        little = np.ascontiguousarray(exported, dtype=exported.dtype.newbyteorder("<")).tobytes()
        if recorded != format(zlib.crc32(little), "08x"):
            raise CaseFailure(f"the manifest's crc32 {recorded} is not zlib.crc32 of the exported voxels,"
                              f" {zlib.crc32(little):08x}")
        for reader, got in reads.items():
            problem = compare(got[box], exported, None)
            if problem:
                raise CaseFailure(f"our export of {region_text(box)} differs from {reader}'s read: {problem}")

    def make(self, case, store, root, rng):
        """Creates and fills the store; returns the expected array and the mask of written voxels."""
        dtype = np.dtype(case.dtype)
        initial = random_data(dtype, case.shape, rng)
        if case.maker == "zarr-python":
            arr = zarr.open_group(store, mode="w").create_dataset(
                case.array, shape=case.shape, chunks=case.chunks, dtype=dtype, compressor=case.compressor,
                order=case.order, fill_value=case.fill, dimension_separator=case.separator) if case.array else \
                zarr.open_array(store, mode="w", shape=case.shape, chunks=case.chunks, dtype=dtype,
                                compressor=case.compressor, order=case.order, fill_value=case.fill,
                                dimension_separator=case.separator)
            arr[...] = initial
            return initial, np.ones(case.shape, bool)
        if case.maker == "zarrita":
            npy = os.path.join(root, "initial.npy")
            np.save(npy, little_endian(initial))
            spec = os.path.join(root, "spec.json")
            with open(spec, "w") as f:
                json.dump({"chunk_shape": list(case.chunks), "codecs": case.codecs, "fill_value": case.fill,
                           "separator": case.separator}, f)
            self.node("zarrita_write.mjs", store, case.array, npy, spec)
            return initial, np.ones(case.shape, bool)
        # ours
        self.cli("create", "--store", store, *array_opt(case), "--zarr-format", case.zarr_format,
                 "--shape", ",".join(map(str, case.shape)), "--chunks", ",".join(map(str, case.chunks)),
                 "--dtype", dtype.name, *case.create_args)
        if case.partial:
            box = random_box(case.shape, case.chunks, rng, touch_edge=False)
            expected = np.full(case.shape, case.fill, dtype)
        else:
            box = tuple(slice(0, s) for s in case.shape)
            expected = np.empty(case.shape, dtype)
        npy = os.path.join(root, "initial.npy")
        np.save(npy, little_endian(initial[box]))
        self.cli("import", "--store", store, *array_opt(case), "--in", npy,
                 "--offset", ",".join(str(b.start) for b in box))
        expected[box] = initial[box]
        written = np.zeros(case.shape, bool)
        written[box] = True
        # before any region: the store as created must already read back right
        for reader in case.readers:
            problem = compare(expected, self.read(reader, case, store, root), written)
            if problem:
                raise CaseFailure(f"after create + initial import, {reader} reads: {problem}")
        return expected, written

    def read(self, reader, case, store, root):
        if reader == "zarr-python":
            return zarr.open_array(store, path=case.array or None, mode="r")[...]
        if reader == "zarrita":
            out = os.path.join(root, "zarrita.npy")
            self.node("zarrita_read.mjs", store, case.array, out)
            return np.load(out)
        if reader == "spec":
            try:
                return v3_spec_read.read_array(store, case.array)
            except v3_spec_read.SpecError as e:
                raise CaseFailure(f"the spec reader refuses the store: {e}")
        if reader == "ours":
            out = unused(os.path.join(root, "whole.npy"))
            self.cli("export", "--store", store, *array_opt(case),
                     "--region", region_text(tuple(slice(0, s) for s in case.shape)), "--format", "npy", "--out", out)
            return np.load(out)
        raise ValueError(reader)

    def check_info(self, store):
        text = self.cli("info", "--store", store)
        try:
            json.loads(text)
        except ValueError as e:
            raise CaseFailure(f"`info` does not print JSON ({e}): {text[:200]!r}")


# ---- helpers ----
def array_opt(case):
    return ["--array", case.array] if case.array else []


def tail(text, lines=3):
    return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:]) or "(no output)"


def region_text(box):
    return ",".join(f"{b.start}:{b.stop}" for b in box)


def random_box(shape, chunks, rng, touch_edge):
    """A box that starts and (unless at the array's end) stops off the chunk grid on every axis,
    spanning from half a chunk to 2.5 chunks; with touch_edge it reaches the array's far end."""
    box = []
    for n, c in zip(shape, chunks):
        start, stop = 0, n
        for _ in range(200):
            length = int(rng.integers(max(2, c // 2), max(3, min(n - 1, 2 * c + c // 2)) + 1))
            start = n - length if touch_edge else int(rng.integers(1, n - length + 1))
            stop = start + length
            if start % c and (stop % c or stop == n):
                break
        box.append(slice(start, stop))
    return tuple(box)


def random_data(dtype, shape, rng):
    native = dtype.newbyteorder("=")
    if dtype.kind == "b":
        return rng.integers(0, 2, size=shape).astype(bool)
    if dtype.kind in "iu":
        info = np.iinfo(native)
        return rng.integers(info.min, info.max, size=shape, dtype=native, endpoint=True).astype(dtype)
    a = (rng.standard_normal(size=shape) * 1000).astype(native)
    flat = a.reshape(-1)
    specials = [np.nan, np.inf, -np.inf, -0.0, np.finfo(native).max, np.finfo(native).tiny / 2]
    picks = rng.choice(flat.size, size=min(flat.size, 3 * len(specials)), replace=False)
    for k, at in enumerate(picks):
        flat[at] = specials[k % len(specials)]
    return a.astype(dtype)


def little_endian(a):
    a = np.ascontiguousarray(a)
    return a.astype(a.dtype.newbyteorder("<")) if a.dtype.itemsize > 1 else a


def compare(expected, got, written):
    """None when both hold the same bits; otherwise where and how they differ."""
    if tuple(got.shape) != tuple(expected.shape):
        return f"shape {tuple(got.shape)}, expected {tuple(expected.shape)}"
    if got.dtype.kind != expected.dtype.kind or got.dtype.itemsize != expected.dtype.itemsize:
        return f"dtype {got.dtype}, expected {expected.dtype}"
    bits = np.dtype(f"<u{expected.dtype.itemsize}")
    a = little_endian(expected).view(bits)
    b = little_endian(got).view(bits)
    diff = a != b
    if not diff.any():
        return None
    where = np.argwhere(diff)
    first = tuple(int(i) for i in where[0])
    text = (f"{len(where)} of {expected.size} voxels differ, first at {first}: "
            f"got {got[first]!r}, expected {expected[first]!r}")
    if written is not None:
        outside = int(np.count_nonzero(diff & ~written))
        text += f" ({outside} of them never written)"
    return text


def ensure_node_modules():
    if os.path.isdir(os.path.join(HERE, "node_modules", "zarrita")):
        return
    print("tools/interop: installing zarrita with npm ci", file=sys.stderr)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True,
                   stdout=sys.stderr, stderr=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("jar", help="zarr-relay.jar")
    parser.add_argument("--java", default="java", help="the java launcher (default: java)")
    parser.add_argument("--seed", type=int, default=20240917, help="random seed (regions and data)")
    parser.add_argument("--only", help="run only the cases whose name contains this text")
    parser.add_argument("--keep", action="store_true", help="keep the temp directory")
    parser.add_argument("--verbose", action="store_true", help="print tracebacks of unexpected errors")
    args = parser.parse_args()
    if not os.path.isfile(args.jar):
        parser.error(f"{args.jar} does not exist: build it with mvn -B package")
    ensure_node_modules()

    workdir = tempfile.mkdtemp(prefix="zarr-relay-interop-")
    harness = Harness(os.path.abspath(args.jar), args.java, workdir)
    passed = failed = 0
    for case in CASES:
        if args.only and args.only not in case.name:
            continue
        # one generator per case, so a case's regions do not depend on which others ran
        rng = np.random.default_rng([args.seed, zlib.crc32(case.name.encode())])
        try:
            harness.run(case, rng)
            print(f"PASS {case.name}", flush=True)
            passed += 1
        except CaseFailure as e:
            print(f"FAIL {case.name}: {e}", flush=True)
            failed += 1
        except Exception as e:  # a bug in this script or a tool crash: still one line per case
            print(f"FAIL {case.name}: {type(e).__name__}: {e}", flush=True)
            if args.verbose:
                traceback.print_exc()
            failed += 1
    print(f"{passed} passed, {failed} failed")
    if args.keep or failed:
        print(f"stores kept in {workdir}", file=sys.stderr)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
