// Minimal .npy reading and writing for the zarrita helpers: little-endian (or one-byte) C-order
// arrays of the 11 numeric types zarr-relay supports, header format 1.0 / 2.0 / 3.0 on read,
// 1.0 on write. Spec: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
import fs from "node:fs";
import * as zarr from "zarrita";

const CTORS = {
	int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array,
	int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array,
	float32: Float32Array, float64: Float64Array,
};
const DESCR = {
	bool: "|b1", int8: "|i1", uint8: "|u1", int16: "<i2", uint16: "<u2", int32: "<i4", uint32: "<u4",
	int64: "<i8", uint64: "<u8", float32: "<f4", float64: "<f8",
};
const BY_DESCR = Object.fromEntries(
	Object.entries(DESCR).flatMap(([dtype, d]) => [[d, dtype], [`<${d.slice(1)}`, dtype]]),
);

export const prod = (xs) => xs.reduce((a, b) => a * b, 1);

export function cStrides(shape) {
	const s = new Array(shape.length);
	let step = 1;
	for (let i = shape.length - 1; i >= 0; i--) {
		s[i] = step;
		step *= shape[i];
	}
	return s;
}

/** A new zero-filled typed array (zarrita's BoolArray for bool). */
export function newTypedArray(dtype, n) {
	if (dtype === "bool") return new zarr.BoolArray(n);
	if (!(dtype in CTORS)) throw new Error(`unsupported dtype ${dtype}`);
	return new CTORS[dtype](n);
}

/** The raw bytes behind a typed array or BoolArray. */
function bytesOf(data) {
	const view = data instanceof zarr.BoolArray ? new Uint8Array(data.buffer) : data;
	return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/** Reads a .npy into {dtype, shape, data} (data a typed array in C order). */
export function readNpy(file) {
	const buf = fs.readFileSync(file);
	if (buf.readUInt8(0) !== 0x93 || buf.toString("latin1", 1, 6) !== "NUMPY") {
		throw new Error(`${file} is not a .npy file`);
	}
	const major = buf.readUInt8(6);
	const lenBytes = major === 1 ? 2 : 4;
	const hlen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
	const start = 8 + lenBytes;
	const header = buf.toString(major === 3 ? "utf8" : "latin1", start, start + hlen);
	const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
	const fortran = /'fortran_order':\s*True/.test(header);
	const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
	const dtype = BY_DESCR[descr];
	if (!dtype || fortran || shapeText === undefined) {
		throw new Error(`${file}: only little-endian C-order numeric .npy files are supported (header ${header.trim()})`);
	}
	const shape = shapeText.split(",").map((s) => s.trim()).filter(Boolean).map(Number);
	const n = prod(shape);
	const data = newTypedArray(dtype, n);
	const target = bytesOf(data);
	buf.copy(target, 0, start + hlen, start + hlen + target.length);
	if (buf.length - (start + hlen) !== target.length) {
		throw new Error(`${file}: expected ${target.length} bytes of data, found ${buf.length - (start + hlen)}`);
	}
	return { dtype, shape, data };
}

/** Writes a C-order typed array as a little-endian .npy (format 1.0). */
export function writeNpy(file, dtype, shape, data) {
	const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
	let header = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
	header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
	const prefix = Buffer.alloc(10);
	Buffer.from([0x93, ...Buffer.from("NUMPY"), 1, 0]).copy(prefix);
	prefix.writeUInt16LE(header.length, 8);
	fs.writeFileSync(file, Buffer.concat([prefix, Buffer.from(header, "latin1"), bytesOf(data)]));
}

/** Copies a zarrita chunk {data, shape, stride} with any strides into a new C-order typed array. */
export function toCOrder(dtype, chunk) {
	const { data, shape, stride } = chunk;
	const c = cStrides(shape);
	if (stride.every((s, d) => s === c[d] || shape[d] === 1)) return data;
	const n = prod(shape);
	const out = newTypedArray(dtype, n);
	const isBool = data instanceof zarr.BoolArray;
	const idx = new Array(shape.length).fill(0);
	for (let k = 0; k < n; k++) {
		let off = 0;
		for (let d = 0; d < idx.length; d++) off += idx[d] * stride[d];
		if (isBool) out.set(k, data.get(off));
		else out[k] = data[off];
		for (let d = idx.length - 1; d >= 0; d--) {
			if (++idx[d] < shape[d]) break;
			idx[d] = 0;
		}
	}
	return out;
}

/**
 * zarrita 0.7.5 passes the v3 blosc configuration straight to numcodecs.js, whose Blosc takes
 * `shuffle` as a number: the spec's strings ("noshuffle" / "shuffle" / "bitshuffle") would
 * silently encode without shuffling. Translate them so the chunks match their metadata.
 */
export function fixBloscShuffle() {
	const SHUFFLE = { noshuffle: 0, shuffle: 1, bitshuffle: 2 };
	const original = zarr.registry.get("blosc");
	zarr.registry.set("blosc", async () => {
		const Blosc = await original();
		return {
			fromConfig(config, meta) {
				const shuffle = typeof config.shuffle === "string" ? SHUFFLE[config.shuffle] : config.shuffle;
				return Blosc.fromConfig({ ...config, shuffle }, meta);
			},
		};
	});
}
