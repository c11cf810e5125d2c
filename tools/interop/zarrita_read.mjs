// Reads a whole Zarr v3 array with zarrita and saves it as a little-endian C-order .npy.
//   node zarrita_read.mjs STORE ARRAYPATH OUT.npy        (ARRAYPATH "" or "/" for the root)
// Exit code 1 with the error on stderr when zarrita cannot read it.
import * as zarr from "zarrita";
import FileSystemStore from "@zarrita/storage/fs";
import { fixBloscShuffle, toCOrder, writeNpy } from "./npy.mjs";

const [storeDir, arrayPath, out] = process.argv.slice(2);
if (!storeDir || arrayPath === undefined || !out) {
	console.error("usage: node zarrita_read.mjs STORE ARRAYPATH OUT.npy");
	process.exit(2);
}
fixBloscShuffle();
try {
	const root = zarr.root(new FileSystemStore(storeDir));
	const path = arrayPath.replace(/^\/+|\/+$/g, "");
	const arr = await zarr.open.v3(path ? root.resolve(path) : root, { kind: "array" });
	const chunk = await zarr.get(arr);
	writeNpy(out, arr.dtype, chunk.shape, toCOrder(arr.dtype, chunk));
} catch (e) {
	// the stack first, the message last: callers show the last line
	console.error(e?.stack ?? e);
	console.error(`zarrita cannot read ${storeDir} ${arrayPath}: ${e?.message ?? e}`);
	process.exit(1);
}
