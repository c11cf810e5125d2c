package org.zarrrelay.camel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.Formats;
import org.zarrrelay.job.AtomicFiles;
import org.zarrrelay.job.ConflictException;
import org.zarrrelay.job.FolderDisposal;
import org.zarrrelay.job.JobFiles;
import org.zarrrelay.job.Request;
import org.zarrrelay.job.WritebackOptions;
import org.zarrrelay.job.InputDisposal;
import org.zarrrelay.job.Job;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.Jobs;
import org.zarrrelay.job.RegionRequest;
import org.zarrrelay.job.RequestException;
import org.zarrrelay.job.RoundTrip;
import org.zarrrelay.zarr.Json;

/**
 * The HTTP API for lab automation (routes/http.camel.yaml; described by /api/openapi.json). Every
 * answer is JSON; every refusal is a 4xx with {"error": "..."} saying what to change, never a
 * stack trace (calls no route takes, and bodies of the wrong type, are answered by {@link ApiGate}).
 * A request is checked against its store's metadata (400 with the reason when its job could not
 * run), then answered 202 and run on the relay's job pool; uploads of a processed file
 * are written back before the answer, which carries the job's final state.
 */
public final class HttpApi {
    private final RoundTrip roundTrip;
    private final Jobs jobs;
    private final ExecutorService workers;
    private final Spool spool;
    private final InputDisposal requests;
    /** Numbers the request bodies of this relay, so each failed one gets its own name and status id. */
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    private final BearerToken token;
    private final long maxRequestBytes;
    private final long maxUploadBytes;
    private final RelayHealth health;
    private final java.util.function.Supplier<String> metrics;

    /**
     * @param health  what GET /health answers
     * @param metrics the text of GET /metrics
     */
    HttpApi(RoundTrip roundTrip, Jobs jobs, ExecutorService workers, Spool spool, BearerToken token, long maxRequestBytes,
            long maxUploadBytes, RelayHealth health, java.util.function.Supplier<String> metrics) {
        this.metrics = metrics;
        this.roundTrip = roundTrip;
        this.jobs = jobs;
        this.workers = workers;
        this.spool = spool;
        this.requests = FolderDisposal.of(roundTrip.folders(), "send the request again (POST /api/requests)");
        this.token = token;
        this.maxRequestBytes = maxRequestBytes;
        this.maxUploadBytes = maxUploadBytes;
        this.health = health;
    }

    /** POST /api/requests: the request JSON; 202 with the job id and where to ask for its state. */
    public void submit(Exchange ex) {
        if (!authorized(ex)) {
            return;
        }
        Path file;
        try {
            file = spool.save(requestName(), body(ex), maxRequestBytes, "relay.http.max-request-kb");
        } catch (Spool.TooLargeException e) {
            error(ex, 413, e.getMessage());
            return;
        }
        // an invalid request is refused here, with the reason its job would have failed with; the
        // sender has that answer, so nothing is kept or recorded for it
        RegionRequest request;
        try {
            Request parsed = Request.parse(Files.readAllBytes(file));
            if (!(parsed instanceof RegionRequest r)) {
                Spool.discard(file);
                error(ex, 400, "POST /api/requests takes export requests; to undo a job, POST /api/jobs/<id>/undo");
                return;
            }
            request = r;
            roundTrip.check(request);
        } catch (RelayException | java.io.IOException | java.io.UncheckedIOException e) {
            Spool.discard(file);
            if (storageTrouble(e)) {
                error(ex, 503, "the request could not be checked against its store just now (" + e.getMessage()
                        + "); send it again once the store can be reached");
            } else {
                error(ex, 400, e.getMessage());
            }
            return;
        }
        if (!roundTrip.accept(request, file, spooledDisposal(file))) {
            error(ex, 409, "a job with id '" + request.id() + "' exists already: give the request a new \"id\" (or leave"
                    + " it out and one is generated); its state is at /api/jobs/" + request.id());
            return;
        }
        // kept under spool/accepted/ until it has run, so a restart finds it (RelayService resumes it)
        Path accepted = spool.accept(file, request.id());
        try {
            workers.execute(() -> roundTrip.run(request, accepted, requests));
        } catch (RejectedExecutionException e) {
            error(ex, 503, "the relay is stopping; send the request again once it runs");
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("id", request.id());
        answer.put("state", JobStatus.ACCEPTED);
        answer.put("status", "/api/jobs/" + request.id());
        answer.put("export", "/api/jobs/" + request.id() + "/export");
        ex.getMessage().setHeader("Location", "/api/jobs/" + request.id());
        json(ex, 202, answer);
    }

    /**
     * Whether a check failed because the store could not be read (disk error, S3 unreachable or
     * refusing), which says nothing about the request: it may well work when sent again.
     */
    static boolean storageTrouble(Exception e) {
        return e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException
                || e instanceof org.zarrrelay.zarr.store.StoreException && (e.getCause() instanceof java.io.IOException
                        || e.getCause() instanceof software.amazon.awssdk.core.exception.SdkException);
    }

    /**
     * A name of its own for each request body (time and count): a request refused as a duplicate
     * is parked in failed/ under it, beside other senders' bodies.
     */
    private String requestName() {
        return "http-request-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS")
                .format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)) + "-" + received.incrementAndGet() + ".json";
    }

    /** Disposes of a spooled file and then of its private spool folder. */
    private InputDisposal spooledDisposal(Path file) {
        return new InputDisposal() {
            @Override
            public void archive(Path f) {
                requests.archive(f);
                Spool.release(file);
            }

            @Override
            public String park(Path f, String reason) {
                return park(f, reason, null);
            }

            @Override
            public String park(Path f, String reason, Path mask) {
                String where = requests.park(f, reason, mask);
                Spool.release(file);
                return where;
            }
        };
    }

    /** GET /api/jobs/{id}. */
    public void job(Exchange ex) {
        JobStatus s = authorized(ex) ? jobNamedInPath(ex) : null;
        if (s != null) {
            json(ex, 200, Json.MAPPER.valueToTree(s));
        }
    }

    /** GET /api/jobs?state=...&limit=...: newest first. */
    public void jobs(Exchange ex) {
        if (!authorized(ex)) {
            return;
        }
        String state = ex.getMessage().getHeader("state", String.class);
        if (state != null && !JobStatus.STATES.contains(state)) {
            error(ex, 400, "state '" + state + "' is not known: use one of " + String.join(", ", JobStatus.STATES));
            return;
        }
        int limit;
        try {
            String l = ex.getMessage().getHeader("limit", String.class);
            limit = l == null ? 100 : Integer.parseInt(l);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 10_000) {
            error(ex, 400, "limit must be a whole number from 1 to 10000");
            return;
        }
        List<JobStatus> list = jobs.list(state, limit);
        ArrayNode items = Json.MAPPER.createArrayNode();
        list.forEach(s -> items.add(Json.MAPPER.valueToTree(s)));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("jobs", items);
        json(ex, 200, answer);
    }

    /** GET /api/jobs/{id}/export: the exported file itself. */
    public void download(Exchange ex) {
        JobStatus s = authorized(ex) ? jobNamedInPath(ex) : null;
        if (s == null) {
            return;
        }
        String id = s.id();
        Path file = exportedFile(id);
        if (file == null) {
            downloadPublished(ex, s);
            return;
        }
        if (Files.isDirectory(file)) {
            // a folder export (a DICOM series) goes out as one zip, made while it is sent
            attachment(ex, file.getFileName() + ".zip", "application/zip", FolderZip.stream(file));
            return;
        }
        attachment(ex, file.getFileName().toString(), contentType(file.getFileName().toString()), file.toFile());
    }

    /** An export another worker made, streamed from the shared exports prefix where it was published. */
    private void downloadPublished(Exchange ex, JobStatus s) {
        Job job = jobs.job(s.id());
        boolean folder = job != null && Formats.byName(job.manifest().format()).isFolder();
        java.io.InputStream published = job == null ? null : folder ? roundTrip.publishedExportFolder(job.manifest().file())
                : roundTrip.publishedExport(job.manifest().file());
        if (published == null) {
            error(ex, 409, "job " + s.id() + " has no export to download here (state " + s.state() + ": " + s.message()
                    + ")" + (job != null ? "; it was exported to " + s.export() : ""));
            return;
        }
        if (folder) {
            attachment(ex, job.manifest().file() + ".zip", "application/zip", published);
            return;
        }
        attachment(ex, job.manifest().file(), contentType(job.manifest().file()), published);
    }

    /** Answers 200 with {@code body} as a file to save under {@code name}. */
    private static void attachment(Exchange ex, String name, String contentType, Object body) {
        Message m = ex.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, contentType);
        m.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        m.setBody(body);
    }

    /**
     * PUT /api/jobs/{id}/return[?filename=&cast=&levels=&on-conflict=]: the processed file, written
     * back before the answer. The upload is kept in the spool folder until its write-back is done,
     * so a relay stopped in between does it at its next start.
     */
    public void upload(Exchange ex) {
        if (!authorized(ex)) {
            return;
        }
        String id = ex.getMessage().getHeader("id", String.class);
        // the ledger's record, not this relay's exports folder: any worker sharing the ledger takes the return
        Job job = RegionRequest.isValidId(id) ? jobs.job(id) : null;
        if (job == null) {
            error(ex, 404, "there is no exported job '" + id + "' to return a result for: check the id");
            return;
        }
        WritebackOptions options;
        try {
            Message m = ex.getMessage();
            options = WritebackOptions.parse(m.getHeader("cast", String.class), m.getHeader("levels", String.class),
                    m.getHeader("on-conflict", String.class), " (query parameter)");
        } catch (RequestException e) {
            error(ex, 400, e.getMessage());
            return;
        }
        String name = ex.getMessage().getHeader("filename", String.class);
        // the format goes by the name's ending; without a name the export's (a folder's as its zip)
        String given = name != null ? name
                : job.manifest().file() + (Formats.byName(job.manifest().format()).isFolder() ? ".zip" : "");
        java.util.Optional<String> suffix = Formats.suffix(given);
        if (suffix.isEmpty()) {
            error(ex, 415, "cannot tell the format of the upload from its name '" + given + "': give ?filename= with one"
                    + " of the endings " + Formats.all().stream().map(f -> "." + f.extension()).toList()
                    + " (.nii for an uncompressed NIfTI, .zip for a zipped DICOM series)");
            return;
        }
        Path file;
        try {
            file = spool.save(id + "-upload" + suffix.get().toLowerCase(Locale.ROOT), body(ex), maxUploadBytes,
                    "relay.http.max-upload-mb");
        } catch (Spool.TooLargeException e) {
            error(ex, 413, e.getMessage());
            return;
        }
        JobStatus s = resumeUpload(roundTrip, spool.keepUpload(file, id, options));
        // a refused result records why (its reason) and leaves the job's state as it was
        if (s != null && s.reason() == null && JobStatus.WRITTEN_BACK.equals(s.state())) {
            json(ex, 200, Json.MAPPER.valueToTree(s));
        } else if (s != null && (JobStatus.CONFLICT.equals(s.state()) || JobStatus.WRITTEN_BACK.equals(s.state()))) {
            // refused for conflicts, or the job holds another result already (undo it first)
            error(ex, 409, s.message());
        } else {
            error(ex, 422, s == null ? "the file was refused" : s.message());
        }
    }

    /** Writes a kept upload back (now, or at the next start) and forgets it. */
    static JobStatus resumeUpload(RoundTrip roundTrip, Spool.Upload upload) {
        try {
            return roundTrip.onReturn(upload.id(), upload.file(), FolderDisposal.of(roundTrip.folders(),
                    "upload the file again (PUT /api/jobs/" + upload.id() + "/return)"), upload.options());
        } finally {
            Spool.release(upload);
        }
    }

    /** POST /api/jobs/{id}/undo: undoes the job's write-back before the answer. */
    public void undo(Exchange ex) {
        JobStatus before = authorized(ex) ? jobNamedInPath(ex) : null;
        if (before == null) {
            return;
        }
        Path mask = roundTrip.folders().spool().resolve("undo-" + before.id() + "-" + java.util.UUID.randomUUID() + ".tif");
        try {
            JobStatus s = roundTrip.undo(before.id(), mask);
            json(ex, 200, Json.MAPPER.valueToTree(s));
        } catch (ConflictException e) {
            Path kept = null;
            if (e.mask() != null && Files.exists(e.mask())) {
                kept = roundTrip.folders().failed().resolve(JobFiles.conflictMask("undo-" + before.id()));
                AtomicFiles.move(e.mask(), kept);
            }
            error(ex, 409, e.getMessage() + (kept != null ? " (conflict mask: failed/" + kept.getFileName() + ")" : ""));
        } catch (RelayException e) {
            error(ex, 409, e.getMessage());
        } finally {
            Spool.discard(mask);
        }
    }

    /** GET /api/stores/{store}/history: every write-back and undo of the store, newest first. */
    public void history(Exchange ex) {
        if (!authorized(ex)) {
            return;
        }
        String store = ex.getMessage().getHeader("store", String.class);  // the server has decoded the path already
        try {
            ObjectNode answer = Json.MAPPER.createObjectNode();
            answer.put("store", store);
            answer.set("history", roundTrip.history(store));
            json(ex, 200, answer);
        } catch (RequestException e) {
            error(ex, 404, e.getMessage());
        }
    }

    /** GET /metrics: Prometheus' text format, behind the token like the API (scrapers can send it). */
    public void metrics(Exchange ex) {
        if (!authorized(ex)) {
            return;
        }
        Message m = ex.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        m.setBody(metrics.get());
    }

    /** GET /health: no token needed, so a load balancer can ask. */
    public void health(Exchange ex) {
        RelayHealth.Answer answer = health.check();
        json(ex, answer.code(), answer.body());
    }

    /** GET /api/openapi.json: the description of this API. */
    public void openapi(Exchange ex) {
        if (!authorized(ex)) {
            return;
        }
        try (InputStream in = HttpApi.class.getResourceAsStream("/openapi/zarr-relay.json")) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks /openapi/zarr-relay.json");
            }
            Message m = ex.getMessage();
            m.removeHeaders("*");
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            m.setHeader(Exchange.CONTENT_TYPE, "application/json");
            m.setBody(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The job the path's {id} names, or null after answering 404. */
    private JobStatus jobNamedInPath(Exchange ex) {
        return jobNamedInPath(ex, jobs);
    }

    /** The status of the job the path's {id} names; null, having answered 404, when there is none. */
    static JobStatus jobNamedInPath(Exchange ex, Jobs jobs) {
        String id = ex.getMessage().getHeader("id", String.class);
        JobStatus s = RegionRequest.isValidId(id) ? jobs.find(id) : null;
        if (s == null) {
            error(ex, 404, "there is no job '" + id + "': check the id (GET /api/jobs lists the jobs)");
        }
        return s;
    }

    private Path exportedFile(String id) {
        return JobFiles.exportIn(roundTrip.folders().exports(), id);
    }

    private boolean authorized(Exchange ex) {
        return authorized(ex, token);
    }

    /** Whether the call carries the token; when not, it has been answered 401. */
    static boolean authorized(Exchange ex, BearerToken token) {
        String refusal = token.refusal(ex.getMessage().getHeader("Authorization", String.class));
        if (refusal == null) {
            return true;
        }
        error(ex, 401, refusal);
        ex.getMessage().setHeader("WWW-Authenticate", "Bearer");
        return false;
    }

    private static InputStream body(Exchange ex) {
        InputStream in = ex.getMessage().getBody(InputStream.class);
        return in != null ? in : InputStream.nullInputStream();
    }

    private static String extensionOf(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ext.matches("[a-z0-9]{1,8}") ? ext : "bin";
    }

    private static String contentType(String name) {
        return switch (extensionOf(name)) {
            case "tif", "tiff" -> "image/tiff";
            case "json" -> "application/json";
            default -> "application/octet-stream";
        };
    }

    static void json(Exchange ex, int code, com.fasterxml.jackson.databind.JsonNode body) {
        json(ex, code, new String(Json.bytes(body), StandardCharsets.UTF_8));
    }

    private static void json(Exchange ex, int code, String body) {
        Message m = ex.getMessage();
        String auth = m.getHeader("WWW-Authenticate", String.class);
        String location = m.getHeader("Location", String.class);
        m.removeHeaders("*");
        if (auth != null) {
            m.setHeader("WWW-Authenticate", auth);
        }
        if (location != null) {
            m.setHeader("Location", location);
        }
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(body);
    }

    static void error(Exchange ex, int code, String message) {
        json(ex, code, new ApiError(code, message).json());
    }
}
