package org.zarrrelay.camel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.job.ArrayOpener;
import org.zarrrelay.job.ImageCatalog;
import org.zarrrelay.job.Job;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.Jobs;
import org.zarrrelay.job.RequestException;
import org.zarrrelay.job.RoundTrip;
import org.zarrrelay.preview.Contrast;
import org.zarrrelay.preview.GrayPlane;
import org.zarrrelay.preview.Planes;
import org.zarrrelay.preview.Png;
import org.zarrrelay.preview.PreviewException;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.ZarrArray;

/**
 * The dashboard (routes/http.camel.yaml): the page at {@code /} and the calls only it needs, the
 * image list, thumbnails, before/after pictures of a job's region and its conflict mask. Same
 * token rule as the rest of the API; a browser cannot send a header when it loads a page, so the
 * page alone also takes the token as {@code ?token=}, and its script sends it as a bearer token on
 * every call.
 */
public final class DashboardApi {
    /** A thumbnail is made from the finest level whose planes are at most this many voxels wide and high. */
    static final int THUMBNAIL_SIDE = 512;

    private final ImageCatalog catalog;
    private final RoundTrip roundTrip;
    private final Jobs jobs;
    private final ArrayOpener opener;
    private final BearerToken token;

    DashboardApi(ImageCatalog catalog, RoundTrip roundTrip, Jobs jobs, ArrayOpener opener, BearerToken token) {
        this.catalog = catalog;
        this.roundTrip = roundTrip;
        this.jobs = jobs;
        this.opener = opener;
        this.token = token;
    }

    /** GET /[?token=]: the dashboard page, its style and script inlined, so it is one answer behind the token. */
    public void page(Exchange ex) {
        Message m = ex.getMessage();
        String header = m.getHeader("Authorization", String.class);
        String query = m.getHeader("token", String.class);
        String refusal = token.refusal(header != null || query == null ? header : "Bearer " + query);
        if (refusal != null) {
            HttpApi.error(ex, 401, "the dashboard needs the token: open /?token=<relay.http.token>"
                    + (query != null ? " (the token given is wrong)" : ""));
            ex.getMessage().setHeader("WWW-Authenticate", "Bearer");
            return;
        }
        String style = "\n" + resource("style.css");
        String script = "\n" + resource("app.js");
        String html = resource("index.html")
                .replace("<!-- style.css -->", "<style>" + style + "</style>")
                .replace("<!-- app.js -->", "<script>" + script + "</script>");
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        m.setHeader("Cache-Control", "no-store");
        // the token may be in the page's address: never send it on as a Referer
        m.setHeader("Referrer-Policy", "no-referrer");
        // the browser runs only this page's own style and script and talks only to this relay
        m.setHeader("Content-Security-Policy", "default-src 'none'; script-src '" + sha256(script) + "'; style-src '"
                + sha256(style) + "'; img-src blob:; connect-src 'self'; base-uri 'none'; form-action 'none'");
        m.setBody(html);
    }

    /** GET /api/images: every image under the store roots with its levels. */
    public void images(Exchange ex) {
        if (!authorized(ex)) {
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("images", Json.MAPPER.valueToTree(catalog.list()));
        HttpApi.json(ex, 200, answer);
    }

    /**
     * GET /api/images/{store}/thumbnail.png[?image=&level=&z=]: the maximum projection over z of a
     * level (or its plane z), contrast-stretched to 8 bits between the 0.5th and 99.5th percentiles.
     */
    public void thumbnail(Exchange ex) {
        if (!authorized(ex)) {
            return;
        }
        Message m = ex.getMessage();
        String store = m.getHeader("store", String.class);  // the server has decoded the path already
        String image = m.getHeader("image", "", String.class);
        try {
            List<ZarrArray> levels = catalog.levels(store, image);
            ZarrArray level = levels.get(number(m, "level", defaultLevel(levels), 0, levels.size() - 1,
                    "image '" + image + "' of store '" + store + "' has levels 0 to " + (levels.size() - 1)));
            String z = m.getHeader("z", String.class);
            GrayPlane plane = z == null ? Planes.maxProjection(level)
                    : Planes.slice(level, number(m, "z", 0, 0, Long.MAX_VALUE, "z is a plane index"));
            png(ex, Png.of(plane, Contrast.of(plane)));
        } catch (RequestException e) {
            HttpApi.error(ex, 404, e.getMessage());
        } catch (PreviewException e) {
            HttpApi.error(ex, 400, e.getMessage());
        } catch (RelayException | UncheckedIOException e) {
            unreadable(ex, "store '" + store + "'", e);
        }
    }

    /** Answers a store that could not be read: 503 when the storage failed (it may work again), else 422 with the reason. */
    private static void unreadable(Exchange ex, String what, Exception e) {
        if (HttpApi.storageTrouble(e)) {
            HttpApi.error(ex, 503, what + " could not be read just now (" + e.getMessage() + "); ask again once it can be reached");
        } else {
            HttpApi.error(ex, 422, what + " cannot be shown: " + e.getMessage());
        }
    }

    /**
     * GET /api/jobs/{id}/preview.png[?which=before|after]: the middle z plane of the job's region,
     * as exported or as the store holds it now (see {@link JobPreview}).
     */
    public void preview(Exchange ex) {
        if (!authorized(ex)) {
            return;
        }
        JobStatus status = HttpApi.jobNamedInPath(ex, jobs);
        if (status == null) {
            return;
        }
        Message m = ex.getMessage();
        String id = status.id();
        String which = m.getHeader("which", JobPreview.AFTER, String.class);
        if (!which.equals(JobPreview.BEFORE) && !which.equals(JobPreview.AFTER)) {
            HttpApi.error(ex, 400, "which is '" + which + "': use which=before (the region as exported) or which=after"
                    + " (the region in the store now)");
            return;
        }
        Job job = jobs.job(id);
        if (job == null) {
            HttpApi.error(ex, 409, "job " + id + " has exported nothing yet (state " + status.state() + "), so there is"
                    + " no region to show: ask again once it is exported");
            return;
        }
        try {
            png(ex, new JobPreview(job, roundTrip.storeOf(id), opener, roundTrip.folders().exports()).png(which));
        } catch (PreviewException | RequestException e) {
            HttpApi.error(ex, 409, e.getMessage());
        } catch (RelayException | UncheckedIOException e) {
            unreadable(ex, "job " + id + "'s region", e);
        }
    }

    /**
     * GET /api/jobs/{id}/conflict.png: the conflict mask of the job's last result refused for
     * conflicts (failed/&lt;name&gt;.conflict.tif), as a maximum over z: white where voxels conflict.
     */
    public void conflict(Exchange ex) {
        if (!authorized(ex)) {
            return;
        }
        JobStatus status = HttpApi.jobNamedInPath(ex, jobs);
        if (status == null) {
            return;
        }
        String id = status.id();
        Path mask = new ConflictMasks(roundTrip.folders().failed(), jobs).latest(id);
        if (mask == null) {
            HttpApi.error(ex, 409, "job " + id + " has no conflict mask in failed/ (state " + status.state() + "): only a"
                    + " result refused for conflicts leaves one");
            return;
        }
        try (VolumeReader reader = Formats.forPath(mask).open(mask)) {
            png(ex, Png.of(Planes.maxProjection(reader), new Contrast(0, 255)));
        } catch (RelayException | UncheckedIOException e) {
            HttpApi.error(ex, 409, "the conflict mask " + mask.getFileName() + " cannot be shown: " + e.getMessage());
        }
    }

    private static int defaultLevel(List<ZarrArray> levels) {
        for (int i = 0; i < levels.size(); i++) {
            long[] shape = levels.get(i).metadata().shape();
            int r = shape.length;
            if (r >= 2 && shape[r - 1] <= THUMBNAIL_SIDE && shape[r - 2] <= THUMBNAIL_SIDE) {
                return i;
            }
        }
        return levels.size() - 1;
    }

    /** A whole-number query parameter from {@code min} to {@code max}, or {@code absent} when not given. */
    private static int number(Message m, String name, int absent, int min, int max, String range) {
        return (int) number(m, name, (long) absent, min, (long) max, range);
    }

    private static long number(Message m, String name, long absent, long min, long max, String range) {
        String text = m.getHeader(name, String.class);
        if (text == null) {
            return absent;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below, with what is allowed
        }
        throw new PreviewException(name + " is '" + text + "': " + range + "; give a whole number from " + min
                + (max == Long.MAX_VALUE ? "" : " to " + max));
    }

    private static void png(Exchange ex, byte[] png) {
        Message m = ex.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, "image/png");
        m.setHeader("Cache-Control", "no-store");
        m.setBody(png);
    }

    private boolean authorized(Exchange ex) {
        return HttpApi.authorized(ex, token);
    }

    /** A CSP source for an inline element of this text: {@code sha256-<base64 of its SHA-256>}. */
    private static String sha256(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + java.util.Base64.getEncoder().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = DashboardApi.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks /dashboard/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
