package org.zarrrelay.camel;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.job.RegionRequest;
import org.zarrrelay.ome.Multiscales;
import org.zarrrelay.zarr.Hierarchy;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.Store;

/**
 * What {@code serve} says at start about stores on S3 roots. Issue 13: with {@code relay.stores}
 * on S3 it suggested a request for a local sample that no request could reach. This names the
 * stores it finds there and a request that works on one of them (checked as the HTTP API checks a
 * request), or, with none there, how to put one there.
 */
final class S3StoresHint {
    /** The edge of the example region: small enough to export at once, big enough to look at. */
    private static final long EDGE = 64;

    private final RelayContext context;

    S3StoresHint(RelayContext context) {
        this.context = context;
    }

    /**
     * Lines for people, none without S3 store roots.
     *
     * @param requestFile where the example request would be put (a file in the inbox)
     */
    List<String> lines(String requestFile) {
        List<S3Location> roots = context.settings().s3StoreRoots();
        if (roots.isEmpty()) {
            return List.of();
        }
        String where = String.join(", ", roots.stream().map(S3Location::toString).toList());
        List<String> stores;
        try {
            stores = context.storeRoots().s3Stores();
        } catch (RelayException e) {
            return List.of("stores from " + where + ", which cannot be listed now: " + e.getMessage());
        }
        if (stores.isEmpty()) {
            String endpoint = context.settings().get("relay.s3.endpoint");
            // the relay's folder (lock, journal, merge bases) belongs to the copy on disk and its jobs
            return List.of("stores from " + where + ", which holds none yet: copy a store there with its keys under the"
                    + " root as they are under the store's folder (the demo command writes the sample as"
                    + " data/sample.zarr), e.g. aws s3 sync data/sample.zarr " + roots.get(0).child("sample.zarr")
                    + " --exclude '.zarr-relay/*'" + (endpoint.isEmpty() ? "" : " --endpoint-url " + endpoint));
        }
        List<String> lines = new ArrayList<>();
        lines.add("stores from " + where + ": " + String.join(", ", stores));
        stores.stream().map(this::example).filter(Objects::nonNull).findFirst()
                .ifPresent(request -> lines.add("try it: put this into " + requestFile + "\n    " + request));
        return lines;
    }

    /** A request for a corner of the store's first array that passes every check, or null. */
    private String example(String store) {
        try {
            String location = context.storeRoots().resolve(store);
            Store s = context.opener().store(location);
            Multiscales ms = Multiscales.read(s, "");
            List<String> arrays = ms != null ? List.of(ms.fullPath(0)) : Hierarchy.arrayPaths(s);
            if (arrays.isEmpty()) {
                return null;
            }
            ZarrArray array = context.opener().open(location, arrays.get(0));
            long[] shape = array.metadata().shape();
            StringBuilder region = new StringBuilder();
            for (int d = 0; d < shape.length; d++) {
                // a file holds the last three axes at most: index the others (time, channel)
                region.append(d == 0 ? "" : ",").append(d < shape.length - 3 ? "0" : "0:" + Math.min(shape[d], EDGE));
            }
            VolumeFormat tiff = Formats.byName("tiff");
            VolumeFormat format = tiff.supports(array.metadata().dtype()) ? tiff : Formats.byName("npy");
            RegionRequest request = new RegionRequest("try-1", store, array.path(), region.toString(), format, null, null,
                    null);
            context.roundTrip().check(request);
            ObjectNode json = Json.MAPPER.createObjectNode().put("id", request.id()).put("store", store)
                    .put("array", request.array()).put("region", request.region()).put("format", format.name());
            return Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
        } catch (RelayException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;  // no example from this store; the next one may give one
        }
    }
}
