package org.zarrrelay.format.ometiff;

import java.util.List;
import java.util.Map;

/**
 * What zarr-relay reads of an OME-XML document: the root's UUID, how many Images it describes, and
 * of the first Image its Name, its Pixels' attributes, its TiffData blocks and the attributes of its
 * first Plane (TheZ = TheC = TheT = 0), which carries the stage position of the first voxel.
 *
 * @param pixels        the Pixels element's attributes, by name; empty when the first Image has none
 * @param pixelsInXml   true when the Pixels keep their data in BinData or declare MetadataOnly
 * @param binaryOnly    true when the document only points to a companion file that holds the metadata
 */
record OmeMetadata(String uuid, int images, String imageName, Map<String, String> pixels, List<TiffData> tiffData,
                   Map<String, String> firstPlane, boolean pixelsInXml, boolean binaryOnly) {

    OmeMetadata {
        pixels = Map.copyOf(pixels);
        tiffData = List.copyOf(tiffData);
        firstPlane = firstPlane == null ? null : Map.copyOf(firstPlane);
    }

    /**
     * One TiffData block: {@code planeCount} planes from IFD {@code ifd} on, the first at
     * (FirstZ, FirstC, FirstT), the rest following in the Pixels' DimensionOrder.
     *
     * @param planeCount the PlaneCount attribute, or -1 when absent (its default depends on whether IFD is given)
     * @param uuid       the text of the UUID child (the file the planes are in), or null
     * @param fileName   its FileName attribute, or null
     */
    record TiffData(long ifd, boolean ifdGiven, long firstZ, long firstC, long firstT, long planeCount, String uuid,
                    String fileName) {
    }
}
