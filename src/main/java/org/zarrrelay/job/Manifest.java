package org.zarrrelay.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Path;
import org.zarrrelay.volume.Region;
import org.zarrrelay.zarr.Json;

/**
 * Where an exported file came from, written next to it as {@code <id>.manifest.json}: enough to
 * check a returned file and to write it back to exactly the same place.
 *
 * @param storePath the store's resolved directory at export time
 * @param offset    region start per array axis
 * @param shape     region extent per array axis (1 on axes selected by a single index)
 * @param indexed   which axes were selected by a single index (absent from the file)
 * @param fileShape the shape of the exported file
 * @param sha256    of the exported voxels: little-endian, C order
 * @param voxelSize physical size of a voxel along each file axis (null without OME metadata)
 * @param origin    physical position of the first voxel along each file axis
 * @param levels    null, or "this-and-coarser" to allow writing back into a coarser pyramid level
 * @param target    null, or "labels/<name>": the label image the result goes into
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(String id, String store, String storePath, String array, String region, long[] offset,
                       int[] shape, boolean[] indexed, long[] fileShape, String dtype, int[] chunks, String format,
                       String file, String sha256, double[] voxelSize, double[] origin, String unit, String cast,
                       String levels, String target, String created, String version) {

    public Region toRegion() {
        return new Region(offset, shape, indexed);
    }

    public static Manifest read(Path file) {
        try {
            return Json.MAPPER.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new RequestException("manifest " + file + " is unreadable (" + e.getMessage()
                    + "): the export it describes cannot be written back; export the region again", e);
        }
    }

    public void write(Path file) {
        AtomicFiles.write(file, Json.bytes(Json.MAPPER.valueToTree(this)));
    }
}
