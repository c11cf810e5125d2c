"""An independent Zarr v3 reader, written from the spec, for write_roundtrip.py.

https://zarr-specs.readthedocs.io/en/latest/v3/core/index.html and the codec specs: bytes,
transpose, blosc, zstd, gzip, zlib, crc32c, sharding_indexed (index at the start or the end).
It reads what zarrita cannot (index-at-start shards) and checks every crc32c, which zarrita 0.7.5
strips without verifying. Compression comes from numcodecs (Debian python3-numcodecs).
"""
import itertools
import json
import os
import struct

import numpy as np
from numcodecs import GZip, Zlib, Zstd, blosc

V3_DTYPES = {
    "bool": "b1", "int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2", "int32": "i4",
    "uint32": "u4", "int64": "i8", "uint64": "u8", "float32": "f4", "float64": "f8",
}
EMPTY = 0xFFFFFFFFFFFFFFFF  # sharding: offset and nbytes of a missing inner chunk

_CRC_TABLE = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _CRC_TABLE.append(_c)


def crc32c(data):
    crc = 0xFFFFFFFF
    table = _CRC_TABLE
    for b in bytes(data):
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283  # RFC 3720 B.4 check value


class SpecError(Exception):
    """The store breaks a rule of the spec (or uses something this reader does not know)."""


def numpy_dtype(name):
    if name not in V3_DTYPES:
        raise SpecError(f"data_type {name!r} is not one this reader knows")
    return np.dtype(V3_DTYPES[name])


def fill_value(value, dtype):
    if dtype.kind == "f" and isinstance(value, str):
        if value.startswith("0x"):
            raw = int(value, 16).to_bytes(dtype.itemsize, "big")
            return np.frombuffer(raw, dtype.newbyteorder(">"))[0]
        return dtype.type({"NaN": np.nan, "Infinity": np.inf, "-Infinity": -np.inf}[value])
    return dtype.type(value)


def read_array(store, array_path=""):
    """The whole array as a native-endian C-order numpy array."""
    node = os.path.join(store, *[p for p in array_path.split("/") if p])
    with open(os.path.join(node, "zarr.json"), encoding="utf8") as f:
        meta = json.load(f)
    if meta.get("zarr_format") != 3 or meta.get("node_type") != "array":
        raise SpecError(f"{node}/zarr.json is not a v3 array")
    dtype = numpy_dtype(meta["data_type"])
    shape = tuple(meta["shape"])
    if meta["chunk_grid"]["name"] != "regular":
        raise SpecError("only the regular chunk grid is known")
    chunk_shape = tuple(meta["chunk_grid"]["configuration"]["chunk_shape"])
    fill = fill_value(meta["fill_value"], dtype)
    encoding = meta["chunk_key_encoding"]
    separator = encoding.get("configuration", {}).get("separator", "/" if encoding["name"] == "default" else ".")
    out = np.full(shape, fill, dtype)
    grid = [-(-s // c) for s, c in zip(shape, chunk_shape)]
    for coords in itertools.product(*[range(g) for g in grid]):
        if encoding["name"] == "default":
            key = separator.join(["c"] + [str(c) for c in coords])
        else:
            key = separator.join(str(c) for c in coords) or "0"
        path = os.path.join(node, *key.split("/"))
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        chunk = decode(data, meta["codecs"], chunk_shape, dtype, fill, where=key)
        box = tuple(slice(c * n, min((c + 1) * n, s)) for c, n, s in zip(coords, chunk_shape, shape))
        out[box] = chunk[tuple(slice(0, b.stop - b.start) for b in box)]
    return out


def decode(data, codecs, shape, dtype, fill, where):
    """Decodes one encoded chunk through its codec chain (array->array, array->bytes, bytes->bytes)."""
    kinds = [codec_kind(c["name"]) for c in codecs]
    if kinds.count("array-bytes") != 1 or kinds != sorted(kinds, key=["array-array", "array-bytes", "bytes-bytes"].index):
        raise SpecError(f"{where}: codec chain {[c['name'] for c in codecs]} is not array->array*, array->bytes, bytes->bytes*")
    split = kinds.index("array-bytes")
    shapes = [tuple(shape)]
    for codec in codecs[:split]:
        order = codec["configuration"]["order"]
        shapes.append(tuple(shapes[-1][o] for o in order))
    for codec in reversed(codecs[split + 1:]):
        data = decode_bytes(codec, data, where)
    a2b = codecs[split]
    if a2b["name"] == "bytes":
        endian = a2b.get("configuration", {}).get("endian", "little")
        stored = dtype.newbyteorder("<" if endian == "little" else ">") if dtype.itemsize > 1 else dtype
        expected = int(np.prod(shapes[-1])) * dtype.itemsize
        if len(data) != expected:
            raise SpecError(f"{where}: decoded to {len(data)} bytes, a chunk of {shapes[-1]} needs {expected}")
        array = np.frombuffer(data, stored).reshape(shapes[-1]).astype(dtype)
    else:
        array = decode_shard(data, a2b["configuration"], shapes[-1], dtype, fill, where)
    for codec in reversed(codecs[:split]):
        array = array.transpose(np.argsort(codec["configuration"]["order"]))
    return array


def codec_kind(name):
    if name == "transpose":
        return "array-array"
    if name in ("bytes", "sharding_indexed"):
        return "array-bytes"
    if name in ("blosc", "zstd", "gzip", "zlib", "crc32c"):
        return "bytes-bytes"
    raise SpecError(f"codec {name!r} is not one this reader knows")


def decode_bytes(codec, data, where):
    name = codec["name"]
    if name == "crc32c":
        if len(data) < 4:
            raise SpecError(f"{where}: too short for a crc32c checksum")
        stored = struct.unpack("<I", data[-4:])[0]
        actual = crc32c(data[:-4])
        if stored != actual:
            raise SpecError(f"{where}: crc32c is {stored:#010x}, the data gives {actual:#010x}")
        return data[:-4]
    if name == "blosc":
        return blosc.decompress(data)
    if name == "zstd":
        return Zstd().decode(data)
    if name == "gzip":
        return bytes(GZip().decode(data))
    if name == "zlib":
        return bytes(Zlib().decode(data))
    raise SpecError(f"{where}: bytes codec {name!r} is not known")


def decode_shard(data, config, shard_shape, dtype, fill, where):
    inner = tuple(config["chunk_shape"])
    if any(s % c for s, c in zip(shard_shape, inner)):
        raise SpecError(f"{where}: shard shape {shard_shape} is not a multiple of the inner chunk shape {inner}")
    grid = tuple(s // c for s, c in zip(shard_shape, inner))
    index_codecs = config.get("index_codecs", [{"name": "bytes", "configuration": {"endian": "little"}}])
    index_size = 16 * int(np.prod(grid)) + 4 * sum(1 for c in index_codecs if c["name"] == "crc32c")
    location = config.get("index_location", "end")
    if len(data) < index_size:
        raise SpecError(f"{where}: shard of {len(data)} bytes is shorter than its index ({index_size})")
    raw_index = data[-index_size:] if location == "end" else data[:index_size]
    index = decode(raw_index, index_codecs, grid + (2,), np.dtype("u8"), 0, where + " (shard index)")
    out = np.full(shard_shape, fill, dtype)
    for coords in itertools.product(*[range(g) for g in grid]):
        offset, nbytes = (int(v) for v in index[coords])
        if offset == EMPTY and nbytes == EMPTY:
            continue
        if offset + nbytes > len(data):
            raise SpecError(f"{where}: inner chunk {coords} at {offset}+{nbytes} runs past the shard's {len(data)} bytes")
        chunk = decode(data[offset:offset + nbytes], config["codecs"], inner, dtype, fill, f"{where} inner {coords}")
        out[tuple(slice(c * n, (c + 1) * n) for c, n in zip(coords, inner))] = chunk
    return out
