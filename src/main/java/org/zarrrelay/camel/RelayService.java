package org.zarrrelay.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.BaseMainSupport;
import org.zarrrelay.job.ArrayOpener;
import org.zarrrelay.job.DataFolders;
import org.zarrrelay.job.ExportPublisher;
import org.zarrrelay.job.ExportService;
import org.zarrrelay.job.JdbcJobLedger;
import org.zarrrelay.job.JobLedger;
import org.zarrrelay.job.JobListener;
import org.zarrrelay.job.Jobs;
import org.zarrrelay.job.RoundTrip;
import org.zarrrelay.job.SampleImage;
import org.zarrrelay.job.StatusStore;
import org.zarrrelay.job.StoreRoots;
import org.zarrrelay.job.WritebackService;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * The running relay: a Camel Main application whose YAML routes (classpath {@code routes/}, a copy
 * of the project's {@code routes/} folder) feed the {@link RoundTrip} beans bound here. Only the
 * routes of the configured triggers are loaded: a folder or S3 inbox and returns, the queue, HTTP.
 */
public final class RelayService {
    public static final String SAMPLE = "sample.zarr";

    private final RelaySettings settings;
    private final Main main;
    private final DataFolders folders;
    private final JobLedger ledger;
    private final Jobs jobs;
    private final ExecutorService workers;
    private final JmsEvents events;

    public RelayService(RelaySettings settings) {
        this.settings = settings;
        this.folders = settings.folders().createAll();
        String ledgerUrl = settings.ledgerUrl().isEmpty() ? JdbcJobLedger.h2Url(settings.data()) : settings.ledgerUrl();
        this.ledger = new JdbcJobLedger(ledgerUrl, settings.get("relay.ledger.user"), settings.get("relay.ledger.password"));
        this.events = settings.jmsUrl() != null ? new JmsEvents(settings.get("relay.jms.events"), this::camelContext) : null;
        this.jobs = new Jobs(ledger, new StatusStore(folders.status()), events != null ? events : JobListener.NONE);
        ArrayOpener opener = new ArrayOpener(settings.fsync(), new ChunkExecutor(settings.chunkThreads()));
        RoundTrip roundTrip = new RoundTrip(folders, new StoreRoots(settings.storeRoots()),
                new ExportService(settings.slabBytes(), opener),
                new WritebackService(settings.slabBytes(), opener, settings.downsampling()), settings.cast(), jobs,
                ExportPublisher.LOCAL);
        this.workers = Executors.newFixedThreadPool(settings.jobThreads(), named("relay-job-"));
        Spool spool = new Spool(folders.spool());

        this.main = new Main();
        Properties props = settings.camelProperties();
        List<String> routes = new ArrayList<>(List.of("inbox-file", "returns-file"));
        main.bind("requests", new RequestBean(roundTrip));
        main.bind("returns", new ReturnBean(roundTrip));
        if (settings.jmsUrl() != null) {
            routes.add("jms");
            main.bind("queue", new QueueBean(roundTrip, spool));
            main.bind("jms", JmsComponent.jmsComponentAutoAcknowledge(new ActiveMQConnectionFactory(settings.jmsUrl(),
                    emptyToNull(settings.get("relay.jms.user")), emptyToNull(settings.get("relay.jms.password")))));
        }
        if (settings.httpPort() > 0) {
            routes.add("http");
            main.bind("api", new HttpApi(roundTrip, jobs, workers, spool, settings.httpToken(),
                    settings.httpMaxRequestBytes(), settings.httpMaxUploadBytes()));
            props.setProperty("camel.server.enabled", "true");
            props.setProperty("camel.server.port", String.valueOf(settings.httpPort()));
            props.setProperty("camel.server.host", settings.httpHost());
            props.setProperty("camel.server.maxBodySize", String.valueOf(settings.httpMaxRequestBytes()));
        }
        main.setInitialProperties(props);
        main.configure().withName("zarr-relay")
                .withRoutesIncludePattern(String.join(",", routes.stream().map(r -> "classpath:routes/" + r + ".camel.yaml").toList()))
                .withShutdownTimeout(120);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStop(BaseMainSupport m) {
                finish();
            }
        });
    }

    public DataFolders folders() {
        return folders;
    }

    public Jobs jobs() {
        return jobs;
    }

    /** Creates the sample image in the data folder if asked to and it is not there; returns its path or null. */
    public Path ensureSample() {
        if (!settings.sample()) {
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
        main.run();
    }

    /** Starts in the background (tests). */
    public void start() throws Exception {
        main.start();
    }

    public void stop() throws Exception {
        main.stop();
        finish();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    /** Lets accepted jobs finish, then closes the ledger. */
    private synchronized void finish() {
        workers.shutdown();
        try {
            workers.awaitTermination(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ledger.close();
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
