package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.RelayException;
import org.zarrrelay.testing.S3TestServer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

/** Files over the part size go up as multipart uploads, streamed from the file; a failed one leaves no parts. */
class S3ObjectsTest {
    private static final String BUCKET = "objects";
    private static final long PART = 5L << 20;
    private static S3TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start();
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Records each request as "METHOD query-keys"; fails the request whose query has {@code failOn}. */
    private static ExecutionInterceptor recorder(List<String> seen, String failOn) {
        return new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                SdkHttpRequest r = context.httpRequest();
                String line = r.method() + " " + new java.util.TreeMap<>(r.rawQueryParameters());
                seen.add(line);
                if (failOn != null && line.contains(failOn)) {
                    throw software.amazon.awssdk.core.exception.SdkClientException.create("the network went away");
                }
                return r;
            }
        };
    }

    private Path file(long size) throws Exception {
        byte[] bytes = new byte[(int) size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve("export.tif"), bytes);
    }

    @Test
    void aFileOverThePartSizeIsUploadedInPartsAndArrivesWhole() throws Exception {
        Path file = file(2 * PART + 12345);
        S3Location folder = new S3Location(BUCKET, server.uniqueName("exports"));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (S3Client client = server.clientWith(recorder(seen, null))) {
            new S3Objects(client, PART).putFile(folder, "export.tif", file);
        }
        assertArrayEquals(Files.readAllBytes(file), server.getObject(BUCKET, folder.key("export.tif")));
        assertEquals(3, seen.stream().filter(s -> s.startsWith("PUT") && s.contains("partNumber")).count(), seen.toString());
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("POST") && s.contains("uploadId")), "completed: " + seen);
    }

    @Test
    void aSmallFileIsOnePut() throws Exception {
        Path file = file(PART);
        S3Location folder = new S3Location(BUCKET, server.uniqueName("exports"));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (S3Client client = server.clientWith(recorder(seen, null))) {
            new S3Objects(client, PART).putFile(folder, "export.tif", file);
        }
        assertArrayEquals(Files.readAllBytes(file), server.getObject(BUCKET, folder.key("export.tif")));
        assertEquals(List.of("PUT {}"), seen);
    }

    @Test
    void aFailedPartAbortsTheUploadAndSaysWhere() throws Exception {
        Path file = file(2 * PART + 1);
        S3Location folder = new S3Location(BUCKET, server.uniqueName("exports"));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (S3Client client = server.clientWith(recorder(seen, "partNumber=[2]"))) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> new S3Objects(client, PART).putFile(folder, "export.tif", file));
            assertTrue(e instanceof RelayException && e.getMessage().contains(folder.uri("export.tif")), e.getMessage());
        }
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("DELETE") && s.contains("uploadId")), "aborted: " + seen);
        assertEquals(List.of(), server.keys(BUCKET, folder.prefix() + "/"), "no object");
    }
}
