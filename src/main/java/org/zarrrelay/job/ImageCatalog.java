package org.zarrrelay.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import org.zarrrelay.RelayException;
import org.zarrrelay.ome.Axis;
import org.zarrrelay.ome.Multiscales;
import org.zarrrelay.zarr.Hierarchy;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.metadata.ArrayMetadata;
import org.zarrrelay.zarr.store.Store;

/**
 * The images a request can name, found under the store roots: every OME-Zarr image (a group with
 * multiscales that is not a label image) with its levels, and in a store without one, every array
 * as an image of one level. What the dashboard lists and draws thumbnails of.
 */
public final class ImageCatalog {
    private final StoreRoots roots;
    private final ArrayOpener opener;

    public ImageCatalog(StoreRoots roots, ArrayOpener opener) {
        this.roots = roots;
        this.opener = opener;
    }

    /**
     * One level of an image.
     *
     * @param path      the level's array path in the store (a request's "array")
     * @param chunks    the array's chunk shape (the shard shape for a sharded array)
     * @param voxelSize the level's scale per axis from the OME metadata, or null without it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LevelInfo(int level, String path, long[] shape, int[] chunks, String dtype, double[] voxelSize) {
    }

    /**
     * An image as a request names it.
     *
     * @param store  the store's name under its root (a request's "store")
     * @param image  the image group's path in the store ("" for the root), or the array's path without OME metadata
     * @param ome    whether the image has OME-Zarr multiscales
     * @param axes   the axes' names, first to last
     * @param unit   the space axes' unit, or null
     * @param labels the names of the image's label images (a request's "target" is labels/&lt;name&gt;)
     * @param error  why the store or image could not be read (then levels is empty)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageInfo(String store, String image, boolean ome, List<String> axes, String unit,
                            List<LevelInfo> levels, List<String> labels, String error) {
    }

    /** Every image under the roots, store by store in name order; a store that cannot be read is listed with its error. */
    public List<ImageInfo> list() {
        List<ImageInfo> images = new ArrayList<>();
        for (String name : roots.storeNames()) {
            try {
                images.addAll(imagesOf(name, opener.store(roots.resolve(name))));
            } catch (RelayException e) {
                images.add(new ImageInfo(name, "", false, List.of(), null, List.of(), List.of(), e.getMessage()));
            }
        }
        return images;
    }

    /**
     * The level arrays of image {@code image} of store {@code store}, finest first; a
     * {@link RequestException} names the images there when there is no such store or image.
     */
    public List<ZarrArray> levels(String store, String image) {
        Store s = opener.store(roots.resolve(store));
        Multiscales ms = Multiscales.read(s, image);
        if (ms != null && !ms.labelImage()) {
            List<ZarrArray> levels = new ArrayList<>();
            for (int i = 0; i < ms.levels().size(); i++) {
                levels.add(ZarrArray.open(s, ms.fullPath(i)));
            }
            return levels;
        }
        if (ms == null && Hierarchy.arrayPaths(s).contains(image) && omeImages(s).isEmpty()) {
            return List.of(ZarrArray.open(s, image));
        }
        throw new RequestException("store '" + store + "' has no image '" + image + "': its images are "
                + imagesOf(store, s).stream().map(i -> "'" + i.image() + "'").toList() + " (GET /api/images lists them all)");
    }

    private List<ImageInfo> imagesOf(String name, Store s) {
        List<Multiscales> all = multiscales(s);
        List<Multiscales> ome = all.stream().filter(ms -> !ms.labelImage()).toList();
        List<ImageInfo> images = new ArrayList<>();
        if (ome.isEmpty()) {
            for (String path : Hierarchy.arrayPaths(s)) {
                ArrayMetadata m = ZarrArray.open(s, path).metadata();
                images.add(new ImageInfo(name, path, false, List.of(), null,
                        List.of(new LevelInfo(0, path, m.shape(), m.chunkShape(), m.dtype().numpyName(), null)), List.of(), null));
            }
            return images;
        }
        List<Multiscales> labels = all.stream().filter(Multiscales::labelImage).toList();
        for (Multiscales ms : ome) {
            List<LevelInfo> levels = new ArrayList<>();
            for (int i = 0; i < ms.levels().size(); i++) {
                ArrayMetadata m = ZarrArray.open(s, ms.fullPath(i)).metadata();
                levels.add(new LevelInfo(i, ms.fullPath(i), m.shape(), m.chunkShape(), m.dtype().numpyName(),
                        ms.levels().get(i).scale()));
            }
            String labelsGroup = ms.group().isEmpty() ? "labels/" : ms.group() + "/labels/";
            List<String> names = labels.stream().map(Multiscales::group).filter(g -> g.startsWith(labelsGroup))
                    .map(g -> g.substring(labelsGroup.length())).filter(n -> !n.contains("/")).toList();
            images.add(new ImageInfo(name, ms.group(), true, ms.axes().stream().map(Axis::name).toList(), ms.spaceUnit(),
                    levels, names, null));
        }
        return images;
    }

    private static List<Multiscales> omeImages(Store s) {
        return multiscales(s).stream().filter(ms -> !ms.labelImage()).toList();
    }

    private static List<Multiscales> multiscales(Store s) {
        List<Multiscales> found = new ArrayList<>();
        for (String group : Hierarchy.groupPaths(s)) {
            Multiscales ms = Multiscales.read(s, group);
            if (ms != null) {
                found.add(ms);
            }
        }
        return found;
    }
}
