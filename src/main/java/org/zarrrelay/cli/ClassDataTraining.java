package org.zarrrelay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.zarrrelay.format.TempFiles;
import org.zarrrelay.job.JobFiles;
import picocli.CommandLine;

/**
 * Runs the command line's usual commands once, in one JVM, on a small throwaway store: the build
 * runs it with {@code -XX:DumpLoadedClassList=target/zarr-relay.classlist} and then dumps those
 * classes into {@code target/zarr-relay.jsa} ({@code -Xshare:dump}), so that archive holds the
 * classes those commands load, already parsed and verified, and {@code bin/zarr-relay} starts from
 * it. Not a command; fails (exit 1, with the command's output) if a command does.
 */
public final class ClassDataTraining {
    private ClassDataTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("zarr-relay-class-data");
        try {
            train(work);
        } finally {
            TempFiles.deleteTree(work);
        }
    }

    private static void train(Path work) {
        String store = work.resolve("t.zarr").toString();
        String data = work.resolve("data").toString();
        run("--help");
        run("export", "--help");
        run("create", "--store", store, "--shape", "16,32,32", "--chunks", "8,16,16", "--dtype", "uint16");
        run("info", "--store", store);
        for (String name : List.of("t.tif", "t.ome.tif", "t.npy", "t.nii.gz", "t-dicom")) {
            String out = work.resolve(name).toString();
            List<String> format = name.equals("t-dicom") ? List.of("--format", "dicom") : List.of();
            run(Stream.of(List.of("export", "--store", store, "--region", "0:16,0:32,0:32", "--out", out, "--data", data),
                    format).flatMap(List::stream).toArray(String[]::new));
            run("import", "--manifest", JobFiles.manifestBeside(Path.of(out)).toString(), "--in", out, "--data", data);
        }
        run("history", "--store", store, "--data", data);
    }

    private static void run(String... args) {
        StringWriter text = new StringWriter();
        CommandLine cl = Main.commandLine(args);
        cl.setOut(new PrintWriter(text));
        cl.setErr(new PrintWriter(text));
        int status = cl.execute(args);
        if (status != 0) {
            System.err.println("class-data training: " + String.join(" ", args) + " failed (" + status + "):\n" + text);
            System.exit(1);
        }
    }
}
