package org.zarrrelay.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.zarrrelay.volume.Region;
import org.zarrrelay.zarr.Json;

/**
 * Where an exported file came from and what it holds, written next to it as
 * {@code <id>.manifest.json} for people and scripts, and kept in the job ledger as part of the job,
 * which is what write-backs trust (a manifest file can be edited or copied; the ledger's cannot).
 *
 * @param store     the store as the request named it: relative to a store root, or an s3:// URI
 *                  (for jobs made by the CLI, the path it was given)
 * @param array     the array's path in the store (the level's array for OME-Zarr)
 * @param level     the OME-Zarr level exported, or null
 * @param offset    region start per array axis
 * @param shape     region extent per array axis (1 on axes selected by a single index)
 * @param indexed   which axes were selected by a single index (absent from the file)
 * @param fileShape the shape of the exported file
 * @param chunks    the array's chunk (shard) shape at export time
 * @param crc32     CRC-32 of the exported voxels (little-endian, C order), as Python's
 *                  {@code zlib.crc32(array.tobytes())} computes it, in 8 hex digits
 * @param voxelSize physical size of a voxel along each file axis (null without OME metadata)
 * @param origin    physical position of the first voxel along each file axis
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(String id, String store, String array, Integer level, String region, long[] offset, int[] shape,
                       boolean[] indexed, long[] fileShape, String dtype, int[] chunks, String format, String file,
                       String crc32, double[] voxelSize, double[] origin, String unit, String created, String version) {

    public Region toRegion() {
        return new Region(offset, shape, indexed);
    }

    public static Manifest read(Path file) {
        try {
            return Json.MAPPER.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new RequestException("manifest " + file + " is unreadable (" + e.getMessage()
                    + "): give the <id>.manifest.json the export wrote, or name the job with its id", e);
        }
    }

    public void write(Path file) {
        AtomicFiles.write(file, Json.bytes(Json.MAPPER.valueToTree(this)));
    }

    /** The fields that say where a result goes, compared with another description of the same job. */
    public boolean samePlace(Manifest other) {
        return id.equals(other.id) && store.equals(other.store) && array.equals(other.array)
                && Arrays.equals(offset, other.offset) && Arrays.equals(shape, other.shape)
                && Arrays.equals(indexed, other.indexed) && Arrays.equals(fileShape, other.fileShape)
                && dtype.equals(other.dtype);
    }
}
