package org.zarrrelay.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.zarrrelay.job.ArrayOpener;
import org.zarrrelay.job.DataFolders;
import org.zarrrelay.job.ExportService;
import org.zarrrelay.job.RoundTrip;
import org.zarrrelay.job.SampleImage;
import org.zarrrelay.job.StoreRoots;
import org.zarrrelay.job.WritebackService;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * The running relay: a Camel Main application whose YAML routes (classpath {@code routes/}, a copy
 * of the project's {@code routes/} folder) feed the {@link RoundTrip} beans bound here.
 */
public final class RelayService {
    public static final String SAMPLE = "sample.zarr";

    private final RelaySettings settings;
    private final Main main;
    private final DataFolders folders;

    public RelayService(RelaySettings settings) {
        this.settings = settings;
        this.folders = settings.folders().createAll();
        ArrayOpener opener = new ArrayOpener(settings.fsync(), new ChunkExecutor(settings.chunkThreads()));
        RoundTrip roundTrip = new RoundTrip(folders, new StoreRoots(settings.storeRoots()),
                new ExportService(settings.slabBytes(), opener), new WritebackService(settings.slabBytes(), opener, settings.downsampling()),
                settings.cast());
        this.main = new Main();
        main.setInitialProperties(settings.camelProperties());
        main.bind("requests", new RequestBean(roundTrip));
        main.bind("returns", new ReturnBean(roundTrip));
        main.configure().withName("zarr-relay")
                .withRoutesIncludePattern("classpath:routes/*.camel.yaml")
                .withShutdownTimeout(120);
    }

    public DataFolders folders() {
        return folders;
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
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }
}
