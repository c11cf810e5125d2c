package org.zarrrelay.camel;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.zarrrelay.RelayException;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.spi.InflightRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.job.DataFolders;
import org.zarrrelay.job.ImageCatalog;
import org.zarrrelay.job.JobListener;
import org.zarrrelay.job.Jobs;
import org.zarrrelay.job.RoundTrip;
import org.zarrrelay.job.SampleImage;
import org.zarrrelay.zarr.store.FileSystemStore;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The running relay: a Camel Main application whose YAML routes (classpath {@code routes/}, a copy
 * of the project's {@code routes/} folder) feed the {@link RoundTrip} beans bound here. Only the
 * routes of the configured triggers are loaded: a folder or S3 inbox and returns, the queue, HTTP.
 */
public final class RelayService {
    private static final Logger LOG = LoggerFactory.getLogger(RelayService.class);

    public static final String SAMPLE = "sample.zarr";
    /** The route id in routes/returns-folders.camel.yaml. */
    static final String RETURNS_FOLDERS_ROUTE = "returns-folders";

    private final RelaySettings settings;
    private final Main main;
    /** The HTTP API's Vert.x, when the API is on (closed by the stop: its threads would keep the JVM running). */
    private Vertx httpVertx;
    private final DataFolders folders;
    private final RelayContext context;
    private final Jobs jobs;
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** How long a stop waits for the routes' exchanges, then for the job threads. */
    private static final int ROUTES_WAIT_SECONDS = 120;
    private static final int JOBS_WAIT_SECONDS = 120;
    /** An HTTP body's spooled copy not written to for this long belongs to no upload in progress. */
    private static final Duration STALE_STREAM_CACHE = Duration.ofHours(1);
    /** How long the JVM's exit waits for the whole stop. */
    private static final int STOP_WAIT_SECONDS = ROUTES_WAIT_SECONDS + JOBS_WAIT_SECONDS + 30;
    private boolean finished;
    /** Open until {@link #finish} is done: the JVM's exit after Ctrl-C waits for it (see {@link #run}). */
    private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean started;
    private final ExecutorService workers;
    private final JmsEvents events;
    private final RelayMetrics metrics = new RelayMetrics();
    private final ScheduledExecutorService pruner = Executors.newSingleThreadScheduledExecutor(named("relay-prune-"));
    private final S3Client s3;
    private final Spool spool;
    private final RoundTrip roundTrip;
    private final DataFolderLock folderLock;
    /** The bean of the returns-folders route, when this relay's returns are a folder; else null. */
    private ReturnFolderBean returnFolders;

    public RelayService(RelaySettings settings) {
        this.settings = settings;
        this.folderLock = DataFolderLock.take(settings.data());
        RelayContext made = null;
        try {
            if (settings.httpPort() > 0) {
                HttpPortCheck.requireFree(settings.httpHost(), settings.httpPort());
            }
            ActiveMQConnectionFactory broker = settings.jmsUrl() != null ? connectBroker(settings) : null;
            this.events = settings.jmsUrl() != null ? new JmsEvents(settings.get("relay.jms.events"), this::camelContext) : null;
            JobListener published = events != null ? events : JobListener.NONE;
            made = RelayContext.forServe(settings, status -> {
                metrics.changed(status);
                published.changed(status);
            });
            this.context = made;
            this.folders = context.folders();
            this.s3 = context.s3();
            this.jobs = context.jobs();
            this.roundTrip = context.roundTrip();
            this.spool = new Spool(folders.spool());
            Leftovers.remove(folders);
            this.workers = Executors.newFixedThreadPool(settings.jobThreads(), named("relay-job-"));
            this.main = new Main();
            configure(broker);
        } catch (RuntimeException e) {
            if (made != null) {
                made.close();
            }
            folderLock.close();
            throw e;
        }
    }

    /** What GET /health checks: the ledger, the store roots, the broker and the S3 prefixes this relay uses. */
    private RelayHealth health(ActiveMQConnectionFactory broker, S3Objects objects) {
        Map<String, S3Location> s3Folders = new LinkedHashMap<>();
        for (String key : List.of("relay.inbox", "relay.returns", "relay.exports")) {
            S3Location folder = settings.s3Folder(key);
            if (folder != null) {
                s3Folders.put(key, folder);
            }
        }
        return new RelayHealth(jobs, roundTrip::storeRootHealth, broker, settings.jmsUrl(), objects, s3Folders,
                context.s3ConditionalWrites());
    }

    private void configure(ActiveMQConnectionFactory broker) {
        QueueDepth depth = broker != null ? new QueueDepth(broker, settings.get("relay.jms.queue")) : null;
        java.util.function.LongSupplier queued = depth != null ? depth::count : null;
        S3Objects objects = s3 != null ? new S3Objects(s3) : null;
        Properties props = settings.camelProperties();
        List<String> routes = new ArrayList<>();
        BearerToken token = new BearerToken(settings.httpToken());
        S3Location s3Inbox = settings.s3Folder("relay.inbox");
        S3Location s3Returns = settings.s3Folder("relay.returns");
        if (s3 != null) {
            main.bind("s3Client", s3);
        }
        if (s3Inbox == null) {
            routes.add("inbox-file");
            main.bind("requests", new RequestBean(roundTrip));
        } else {
            routes.add("inbox-s3");
            main.bind("s3Requests", new S3InputBean(roundTrip, spool, objects, s3Inbox, false, FileEndings.REQUESTS,
                    settings.claimLease()));
        }
        if (s3Returns == null) {
            routes.add("returns-file");
            main.bind("returns", new ReturnBean(roundTrip));
            routes.add("returns-folders");
            returnFolders = new ReturnFolderBean(roundTrip, settings.readLockMinAgeMillis());
            main.bind("returnFolders", returnFolders);
        } else {
            routes.add("returns-s3");
            main.bind("s3Returns", new S3InputBean(roundTrip, spool, objects, s3Returns, true,
                    settings.returnsExtensions(), settings.claimLease()));
        }
        if (settings.jmsUrl() != null) {
            routes.add("jms");
            main.bind("queue", new QueueBean(roundTrip, spool));
            // acknowledged when the route is done (Spring's listener container acknowledges an
            // AUTO_ACKNOWLEDGE message as it receives it): the broker redelivers the message of a
            // job whose worker died, and of a request a dispatcher died forwarding
            main.bind("jms", JmsComponent.jmsComponentClientAcknowledge(broker));
        }
        if (settings.httpPort() > 0) {
            routes.add("http");
            main.bind("api", new HttpApi(roundTrip, jobs, workers, spool, token,
                    settings.httpMaxRequestBytes(), settings.httpMaxUploadBytes(), health(broker, objects),
                    () -> metrics.render(jobs, this::waiting, queued, roundTrip::journalBytes)));
            main.bind("dashboard", new DashboardApi(new ImageCatalog(context.storeRoots(), context.opener()), roundTrip,
                    jobs, context.opener(), token));
            httpVertx = Http1Vertx.create();
            main.bind("vertx", httpVertx);
            props.setProperty("camel.server.enabled", "true");
            props.setProperty("camel.server.port", String.valueOf(settings.httpPort()));
            props.setProperty("camel.server.host", settings.httpHost());
            // the server's own cap, for the largest body (an upload); request bodies are capped while streamed
            props.setProperty("camel.server.maxBodySize", String.valueOf(settings.httpMaxUploadBytes()));
            // the server hands a streamed body over through Camel's stream cache: spool it to disk
            // above 1 MB, or a multi-GB upload would be held in memory
            props.setProperty("camel.main.streamCachingSpoolEnabled", "true");
            props.setProperty("camel.main.streamCachingSpoolThreshold", String.valueOf(1 << 20));
            props.setProperty("camel.main.streamCachingSpoolDirectory", folders.httpStreamCache().toString());
        }
        main.setInitialProperties(props);
        main.configure().withName("zarr-relay")
                .withRoutesIncludePattern(String.join(",", routes.stream().map(r -> "classpath:routes/" + r + ".camel.yaml").toList()))
                .withShutdownTimeout(ROUTES_WAIT_SECONDS);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                if (settings.httpPort() > 0) {
                    try {
                        m.getCamelContext().addStartupListener(ApiGate.installer(settings.httpPort(), token));
                    } catch (Exception e) {
                        throw org.apache.camel.RuntimeCamelException.wrapRuntimeCamelException(e);
                    }
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                started = true;
                ready();
            }

            @Override
            public void beforeStop(BaseMainSupport m) {
                stopping();
            }

            @Override
            public void afterStop(BaseMainSupport m) {
                finish();
            }
        });
    }

    public DataFolders folders() {
        return folders;
    }

    /** Jobs running now or waiting for a job thread. */
    private int running() {
        return inFlight() + waiting();
    }

    /**
     * Jobs running now: exchanges in the routes, and requests and uploads on the job pool. The
     * returns-folders route's timer makes an exchange every tick, which is a job only while a
     * settled folder is written back.
     */
    int inFlight() {
        CamelContext camel = camelContext();
        int inRoutes = 0;
        if (camel != null) {
            InflightRepository inflight = camel.getInflightRepository();
            inRoutes = inflight.size() - inflight.size(RETURNS_FOLDERS_ROUTE) + (returnFolders != null ? returnFolders.writingBack() : 0);
        }
        return inRoutes + ((ThreadPoolExecutor) workers).getActiveCount();
    }

    /** Requests and uploads accepted over HTTP that wait for a job thread. */
    private int waiting() {
        return ((ThreadPoolExecutor) workers).getQueue().size();
    }

    /** Where this relay takes requests, processed files and stores on S3 from, for people (a line each). */
    public List<String> triggers() {
        List<String> lines = watching();
        String inbox = settings.remoteFolder("relay.inbox");
        lines.addAll(new S3StoresHint(context).lines(inbox != null ? inbox + "/try-1.json"
                : folders.inbox().resolve("try-1.json").toString()));
        return lines;
    }

    /** What this relay watches: its inbox, its returns, its queue and its HTTP API (the "ready" line). */
    private List<String> watching() {
        List<String> lines = new ArrayList<>();
        String inbox = settings.remoteFolder("relay.inbox");
        String returns = settings.remoteFolder("relay.returns");
        lines.add("requests (*.json) from " + (inbox != null ? inbox : folders.inbox()));
        lines.add("processed files from " + (returns != null ? returns : folders.returns()));
        if (settings.jmsUrl() != null) {
            lines.add("requests from the JMS queue " + settings.get("relay.jms.queue") + " at " + settings.jmsUrl()
                    + "; job events on the topic " + settings.get("relay.jms.events"));
        }
        if (settings.httpPort() > 0) {
            lines.add("HTTP API on http://" + settings.httpHost() + ":" + settings.httpPort() + "/api (description: /api/openapi.json; "
                    + (settings.httpToken() != null ? "bearer token required)" : "no token, so loopback only)"));
            // on every address, this host's name is the one to give a browser
            String host = settings.httpHost().equals("0.0.0.0") ? "localhost" : settings.httpHost();
            lines.add("dashboard: http://" + host + ":" + settings.httpPort() + "/"
                    + (settings.httpToken() != null ? "?token=<relay.http.token>" : ""));
        }
        return lines;
    }

    /** True when requests are taken from the local inbox folder. */
    public boolean localInbox() {
        return settings.remoteFolder("relay.inbox") == null;
    }

    public Jobs jobs() {
        return jobs;
    }

    /**
     * Creates the sample image in the data folder if asked to and it is not there; returns its path
     * or null. Not when the data folder is no store root (relay.stores on S3, or elsewhere): no
     * request could name the sample there.
     */
    public Path ensureSample() {
        if (!settings.sample() || !settings.storeRoots().contains(settings.data().toAbsolutePath().normalize())) {
            return null;
        }
        Path sample = settings.data().resolve(SAMPLE);
        if (!Files.exists(sample.resolve("zarr.json"))) {
            SampleImage.write(new FileSystemStore(sample), 128, 256, 256);
        }
        return sample;
    }

    /** Runs until the JVM is asked to stop (Ctrl-C); in-flight files are finished first. */
    public void run() throws Exception {
        beforeStart();
        // On Ctrl-C the JVM exits once its shutdown hooks return, and Camel's returns before this
        // thread has stopped the routes, waited for the jobs and closed the ledger: this hook holds
        // the exit until then, so a write-back that ends during the stop is followed by the rest.
        Runtime.getRuntime().addShutdownHook(new Thread(this::awaitFinish, "zarr-relay-stop"));
        main.run();
    }

    private void awaitFinish() {
        if (!started) {
            return;  // never started: nothing to finish
        }
        try {
            done.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts in the background (tests). */
    public void start() throws Exception {
        beforeStart();
        main.start();
        ready();
    }

    /** One line once every route runs, saying what the relay watches. */
    private void ready() {
        LOG.info("ready: {}", String.join("; ", watching()));
    }

    /** One line when a stop begins (Ctrl-C), saying what it waits for. */
    private void stopping() {
        if (!stopping.getAndSet(true)) {
            LOG.info("stopping: waiting for {} running job(s) to finish (nothing is left half-written)", running());
        }
    }

    /**
     * Finishes or rolls back write-backs a stopped process left in the stores' journals, then runs
     * what was accepted but not done when the relay last stopped: requests answered 202 and
     * uploads received by HTTP. They run once Camel is up, so their events are published.
     */
    private void beforeStart() {
        roundTrip.recoverAll();
        Duration keep = settings.exportsKeep();
        if (settings.remoteFolder("relay.exports") != null) {
            PublishedExportCopies.prune(folders.exports(), keep);
            pruner.scheduleWithFixedDelay(() -> PublishedExportCopies.prune(folders.exports(), keep), 1, 1, TimeUnit.HOURS);
        }
        if (settings.httpPort() > 0) {
            // an upload cut off by its client leaves the stream cache's copy of what had arrived
            pruner.scheduleWithFixedDelay(() -> Spool.removeStale(folders.httpStreamCache(), STALE_STREAM_CACHE), 10, 10,
                    TimeUnit.MINUTES);
        }
        for (Path file : spool.accepted()) {
            workers.execute(() -> {
                awaitCamel();
                roundTrip.resume(file);
            });
        }
        for (Spool.Upload upload : spool.uploads()) {
            workers.execute(() -> {
                awaitCamel();
                HttpApi.resumeUpload(roundTrip, upload);
            });
        }
    }

    private void awaitCamel() {
        for (int i = 0; i < 600 && (camelContext() == null || !camelContext().isStarted()); i++) {
            sleep(100);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void stop() throws Exception {
        stopping();
        main.stop();
        finish();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    /** Lets accepted jobs finish, then closes the ledger. */
    private synchronized void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            pruner.shutdownNow();
            workers.shutdown();
            try {
                workers.awaitTermination(JOBS_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (httpVertx != null) {
                Http1Vertx.close(httpVertx);
            }
            context.close();
            folderLock.close();
            LOG.info("stopped");
        } finally {
            done.countDown();
        }
    }

    /**
     * The broker's connection factory, after one connection proved the URL and credentials work, so
     * a wrong relay.jms.url stops the relay with the reason instead of retrying in the log forever.
     * Once running, a lost broker is retried by the consumers (every 5 s) and logged.
     */
    private static ActiveMQConnectionFactory connectBroker(RelaySettings settings) {
        String url = settings.jmsUrl();
        ActiveMQConnectionFactory cf;
        try {
            cf = new ActiveMQConnectionFactory(url, emptyToNull(settings.get("relay.jms.user")),
                    emptyToNull(settings.get("relay.jms.password")));
        } catch (RuntimeException e) {
            throw new RelayException("relay.jms.url '" + url + "' is not a broker URL (" + e.getMessage()
                    + "): use e.g. tcp://broker.lab:61616");
        }
        try (jakarta.jms.Connection c = cf.createConnection()) {
            return cf;
        } catch (jakarta.jms.JMSSecurityException e) {
            throw new RelayException("the JMS broker at " + url + " refused the user name or password: check"
                    + " relay.jms.user and relay.jms.password (" + e.getMessage() + ")", e);
        } catch (jakarta.jms.JMSException e) {
            throw new RelayException("cannot reach the JMS broker at " + url + " (" + e.getMessage() + "): check"
                    + " relay.jms.url and that the broker is running", e);
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
