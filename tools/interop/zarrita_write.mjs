// Creates a Zarr v3 array with zarrita and writes a whole .npy into it (zarrita encodes bytes,
// blosc and zstd; not sharding).
//   node zarrita_write.mjs STORE ARRAYPATH IN.npy SPEC.json
// SPEC: {"chunk_shape": [16, 16, 16], "codecs": [...v3 codec metadata...], "fill_value": 0,
//        "separator": "/"}; shape and dtype come from the .npy. Parent groups are created.
import fs from "node:fs";
import * as zarr from "zarrita";
import FileSystemStore from "@zarrita/storage/fs";
import { cStrides, fixBloscShuffle, readNpy } from "./npy.mjs";

const [storeDir, arrayPath, input, specFile] = process.argv.slice(2);
if (!storeDir || arrayPath === undefined || !input || !specFile) {
	console.error("usage: node zarrita_write.mjs STORE ARRAYPATH IN.npy SPEC.json");
	process.exit(2);
}
fixBloscShuffle();
try {
	const spec = JSON.parse(fs.readFileSync(specFile, "utf8"));
	const { dtype, shape, data } = readNpy(input);
	const store = new FileSystemStore(storeDir);
	const root = zarr.root(store);
	const parts = arrayPath.split("/").filter(Boolean);
	if (parts.length > 0) {
		await zarr.create(root);
		for (let i = 1; i < parts.length; i++) await zarr.create(root.resolve(parts.slice(0, i).join("/")));
	}
	const arr = await zarr.create(parts.length ? root.resolve(parts.join("/")) : root, {
		shape,
		chunkShape: spec.chunk_shape,
		dtype,
		codecs: spec.codecs,
		fillValue: spec.fill_value ?? 0,
		chunkSeparator: spec.separator ?? "/",
	});
	await zarr.set(arr, null, { data, shape, stride: cStrides(shape) });
} catch (e) {
	// the stack first, the message last: callers show the last line
	console.error(e?.stack ?? e);
	console.error(`zarrita cannot write ${storeDir} ${arrayPath}: ${e?.message ?? e}`);
	process.exit(1);
}
