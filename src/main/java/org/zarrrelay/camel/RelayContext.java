package org.zarrrelay.camel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zarrrelay.job.ArrayOpener;
import org.zarrrelay.job.DataFolders;
import org.zarrrelay.job.ExportPublisher;
import org.zarrrelay.job.ExportService;
import org.zarrrelay.job.JdbcJobLedger;
import org.zarrrelay.job.JobLedger;
import org.zarrrelay.job.JobListener;
import org.zarrrelay.job.Jobs;
import org.zarrrelay.job.RoundTrip;
import org.zarrrelay.job.StatusStore;
import org.zarrrelay.job.StoreRoots;
import org.zarrrelay.job.WritebackService;
import org.zarrrelay.journal.StoreArea;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.store.S3Clients;
import org.zarrrelay.zarr.store.S3ConditionalWrites;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Objects;
import org.zarrrelay.zarr.store.S3Settings;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The parts every entry point shares, built from the settings in one place: the data folders,
 * the job ledger, the store roots and the {@link RoundTrip} all jobs go through. {@code serve}
 * wires its routes to them; the CLI's export, import, undo and history commands use them directly,
 * so a CLI job is locked, journaled and recorded exactly like one that came through a folder.
 */
public final class RelayContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayContext.class);

    private final RelaySettings settings;
    private final DataFolders folders;
    private final S3Client s3;
    private final JobLedger ledger;
    private final Jobs jobs;
    private final ArrayOpener opener;
    private final StoreRoots roots;
    private final RoundTrip roundTrip;
    private final Map<String, S3ConditionalWrites.Outcome> conditionalWrites;

    /**
     * @param cli true for a command-line process: its operator may name any store by its path, not
     *            only stores under relay.stores
     */
    private RelayContext(RelaySettings settings, S3Client s3, JobListener listener, ExportPublisherFactory publisher,
                         boolean cli, Map<String, S3ConditionalWrites.Outcome> conditionalWrites) {
        this.settings = settings;
        this.conditionalWrites = conditionalWrites;
        this.folders = cli ? settings.folders() : settings.folders().createAll();
        this.s3 = s3;
        String ledgerUrl = settings.ledgerUrl().isEmpty() ? JdbcJobLedger.h2Url(settings.data()) : settings.ledgerUrl();
        this.ledger = new JdbcJobLedger(ledgerUrl, settings.get("relay.ledger.user"), settings.get("relay.ledger.password"),
                settings.fsync());
        try {
            this.jobs = new Jobs(ledger, new StatusStore(folders.status()), listener,
                    settings.get("relay.worker").isEmpty() ? null : settings.get("relay.worker"));
            this.opener = new ArrayOpener(settings.fsync(), new ChunkExecutor(settings.chunkThreads()), s3,
                    s3 != null ? new ChunkExecutor(settings.s3().maxConnections()) : null);
            StoreRoots configured = new StoreRoots(settings.storeRoots(), settings.s3StoreRoots(), opener::store);
            this.roots = cli ? configured.forOperator() : configured;
            this.roundTrip = new RoundTrip(folders, roots, opener, new ExportService(settings.slabBytes(), opener),
                    new WritebackService(settings.slabBytes(), settings.downsampling()), settings.cast(), jobs,
                    publisher.create(s3), settings.journalKeep());
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    /** What copies finished exports to where users look for them. */
    interface ExportPublisherFactory {
        ExportPublisher create(S3Client s3);
    }

    /**
     * For {@code serve}: one S3 client for the process, checked against every S3 location the
     * settings name before anything starts, so bad credentials, a missing bucket or an unreachable
     * endpoint stop the relay at once with the reason.
     */
    static RelayContext forServe(RelaySettings settings, JobListener listener) {
        S3Client s3 = settings.usesS3() ? connectS3(settings, true) : null;
        try {
            S3Location exports = settings.s3Folder("relay.exports");
            Map<String, S3ConditionalWrites.Outcome> probed = s3 != null
                    ? probeConditionalWrites(s3, settings.s3StoreRoots()) : Map.of();
            return new RelayContext(settings, s3, listener, client -> exports != null
                    ? new S3ExportPublisher(new S3Objects(client), exports) : ExportPublisher.LOCAL, false, probed);
        } catch (RuntimeException e) {
            if (s3 != null) {
                s3.close();
            }
            throw e;
        }
    }

    /**
     * For a CLI command: the same ledger, roots and folders as {@code serve} on these settings.
     *
     * @param s3Location an s3:// location the command names, or null; an S3 client is made when it
     *                   or the settings need one
     */
    public static RelayContext forCli(RelaySettings settings, String s3Location) {
        boolean needsS3 = settings.usesS3() || (s3Location != null && S3Location.isS3(s3Location));
        S3Client s3 = needsS3 ? connectS3(settings, false) : null;
        try {
            // the CLI makes only what it writes: the ledger and status files, not the serving folders
            return new RelayContext(settings, s3, JobListener.NONE, client -> ExportPublisher.LOCAL, true, Map.of());
        } catch (RuntimeException e) {
            if (s3 != null) {
                s3.close();
            }
            throw e;
        }
    }

    private static S3Client connectS3(RelaySettings settings, boolean verifyAll) {
        S3Settings s = settings.s3();
        S3Client client = S3Clients.create(s);
        if (!verifyAll) {
            return client;
        }
        try {
            List<S3Location> used = new ArrayList<>(settings.s3StoreRoots());
            for (String key : new String[] {"relay.inbox", "relay.exports", "relay.returns"}) {
                S3Location loc = settings.s3Folder(key);
                if (loc != null) {
                    used.add(loc);
                }
            }
            for (S3Location loc : used) {
                S3Clients.verify(client, loc, s);
            }
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Whether the server of each S3 store root refuses a put under a stale If-Match, tried once at
     * start: the journal's only way to notice a writer outside the relay on S3. A server that ignores
     * it is reported, not refused, because the relay's own workers are still ordered by the store
     * lock in the job ledger.
     */
    static Map<String, S3ConditionalWrites.Outcome> probeConditionalWrites(S3Client s3, List<S3Location> roots) {
        Map<String, S3ConditionalWrites.Outcome> found = new LinkedHashMap<>();
        for (S3Location root : roots) {
            // in the reserved area, which readers and the journal's recovery leave alone
            String key = StoreArea.ROOT + "/probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
            S3ConditionalWrites.Outcome o = S3ConditionalWrites.probe(s3, root, key);
            found.put(root.toString(), o);
            switch (o.state()) {
                case ENFORCED -> LOG.info("S3 store root {}: the server enforces conditional writes (If-Match)", root);
                case IGNORED -> LOG.warn("the S3 server of {} ignores If-Match: writes by tools outside the relay to {}"
                        + " cannot be detected; the relay's store lock in the job ledger still orders its own workers ({})",
                        root, root, o.detail());
                case UNKNOWN -> LOG.warn("could not tell whether the S3 server of {} enforces If-Match, so writes by tools"
                        + " outside the relay may go unnoticed; write-backs to it may fail: {}", root, o.detail());
            }
        }
        return java.util.Collections.unmodifiableMap(found);
    }

    /** What {@link #probeConditionalWrites} found per S3 store root ({@code s3://bucket/prefix}); empty for the CLI. */
    public Map<String, S3ConditionalWrites.Outcome> s3ConditionalWrites() {
        return conditionalWrites;
    }

    public RelaySettings settings() {
        return settings;
    }

    public DataFolders folders() {
        return folders;
    }

    public Jobs jobs() {
        return jobs;
    }

    public RoundTrip roundTrip() {
        return roundTrip;
    }

    /** Where requests may name stores (relay.stores). */
    public StoreRoots storeRoots() {
        return roots;
    }

    public ArrayOpener opener() {
        return opener;
    }

    /** The process's S3 client, or null when no S3 location is used. */
    public S3Client s3() {
        return s3;
    }

    @Override
    public void close() {
        ledger.close();
        if (s3 != null) {
            s3.close();
        }
    }
}
