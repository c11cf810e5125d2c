package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every job ledger database must do; H2 and PostgreSQL each run it. */
abstract class JobLedgerContract {

    /** A ledger on an empty database; a second call reaches the same database (a restart, a second worker). */
    protected abstract JdbcJobLedger openLedger();

    private static JobStatus job(String id, String state, String updated, String created) {
        return new JobStatus(id, state, "img.zarr", "0", "0:1", "tiff", null, "m " + state, updated, created, "w", null, null);
    }

    @Test
    void recordsFindsAndListsNewestFirst() {
        try (JdbcJobLedger ledger = openLedger()) {
            assertNull(ledger.find("a"));
            assertFalse(ledger.exists("a"));
            ledger.record(job("a", JobStatus.EXPORTED, "2026-01-01T00:00:01Z", "2026-01-01T00:00:00Z"));
            ledger.record(job("b", JobStatus.EXPORTED, "2026-01-01T00:00:02Z", "2026-01-01T00:00:02Z"));
            ledger.record(job("c", JobStatus.FAILED, "2026-01-01T00:00:03Z", "2026-01-01T00:00:03Z"));
            ledger.record(job("a", JobStatus.WRITTEN_BACK, "2026-01-01T00:00:04Z", "2026-01-01T00:00:00Z"));

            assertEquals(JobStatus.WRITTEN_BACK, ledger.find("a").state());
            assertEquals("2026-01-01T00:00:00Z", ledger.find("a").created());
            assertTrue(ledger.exists("b"));
            assertEquals(List.of("a", "c", "b"), ids(ledger.list(null, 10)));
            assertEquals(List.of("a", "c"), ids(ledger.list(null, 2)));
            assertEquals(List.of("b"), ids(ledger.list(JobStatus.EXPORTED, 10)));
            assertEquals(List.of(), ids(ledger.list(JobStatus.CONFLICT, 10)));
        }
    }

    @Test
    void aJobsRecordIsKeptBesideItsStateAndSurvivesARestart() {
        Manifest m = new Manifest("r1", "img.zarr", "0", null, "0:2,0:3", new long[] {0, 0}, new int[] {2, 3},
                new boolean[2], new long[] {2, 3}, "uint16", new int[] {8, 8}, "npy", "r1.npy", "abc", null, null, null,
                "2026-01-01T00:00:00Z", "t");
        Job job = new Job(Job.EXPORT, m, new WritebackOptions(Cast.LOSSLESS, null, OnConflict.OVERWRITE), "labels/x", true,
                "boot-1");
        try (JdbcJobLedger ledger = openLedger()) {
            assertNull(ledger.job("r1"));
            ledger.record(job("r1", JobStatus.EXPORTED, "2026-01-01T00:00:01Z", "2026-01-01T00:00:01Z"));
            ledger.saveJob(job);
            // a large record (a big export) fits: TEXT, not a bounded VARCHAR
            ledger.record(job("r1", JobStatus.WRITTEN_BACK, "2026-01-01T00:00:02Z", null));
        }
        try (JdbcJobLedger again = openLedger()) {
            Job back = again.job("r1");
            assertTrue(back.manifest().samePlace(m));
            assertEquals(Cast.LOSSLESS, back.options().cast());
            assertEquals(OnConflict.OVERWRITE, back.options().onConflict());
            assertEquals("labels/x", back.target());
            assertTrue(back.hasBase());
            assertEquals("boot-1", back.unsyncedBoot());
            assertEquals(JobStatus.WRITTEN_BACK, again.find("r1").state(), "recording a state keeps the record");
        }
    }

    @Test
    void onlyAJobThatFailedBeforeExportingMayBeTakenAgain() {
        try (JdbcJobLedger ledger = openLedger()) {
            ledger.record(job("f1", JobStatus.FAILED, "2026-01-01T00:00:01Z", "2026-01-01T00:00:01Z"));
            ledger.record(job("e1", JobStatus.EXPORTED, "2026-01-01T00:00:01Z", "2026-01-01T00:00:01Z"));
            assertTrue(ledger.retryFailed(job("f1", JobStatus.ACCEPTED, "2026-01-01T00:00:02Z", null)));
            assertEquals(JobStatus.ACCEPTED, ledger.find("f1").state());
            assertFalse(ledger.retryFailed(job("f1", JobStatus.ACCEPTED, "2026-01-01T00:00:03Z", null)), "taken once");
            assertFalse(ledger.retryFailed(job("e1", JobStatus.ACCEPTED, "2026-01-01T00:00:03Z", null)));
            assertFalse(ledger.retryFailed(job("none", JobStatus.ACCEPTED, "2026-01-01T00:00:03Z", null)));
        }
    }

    @Test
    void everythingIsStillThereAfterARestart() {
        try (JdbcJobLedger ledger = openLedger()) {
            ledger.record(job("kept", JobStatus.EXPORTED, "2026-01-01T00:00:01Z", "2026-01-01T00:00:01Z"));
        }
        try (JdbcJobLedger again = openLedger()) {
            JobStatus s = again.find("kept");
            assertEquals(JobStatus.EXPORTED, s.state());
            assertEquals("m exported", s.message());
        }
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        try (JdbcJobLedger ledger = openLedger()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        String id = "t" + thread + "-" + i;
                        ledger.record(job(id, JobStatus.ACCEPTED, "2026-01-01T00:00:00Z", null));
                        ledger.record(job(id, JobStatus.EXPORTED, "2026-01-01T00:00:01Z", null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(200, ledger.list(JobStatus.EXPORTED, 1000).size());
            assertEquals(0, ledger.list(JobStatus.ACCEPTED, 1000).size());
        }
    }

    @Test
    void twoWorkersRecordingTheSameJobsAtOnceLoseNothing() throws Exception {
        try (JdbcJobLedger a = openLedger(); JdbcJobLedger b = openLedger()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> done = new ArrayList<>();
            for (JdbcJobLedger worker : List.of(a, b)) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        worker.record(job("shared-" + i, JobStatus.EXPORTED, "2026-01-01T00:00:0" + (i % 10) + "Z", null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertEquals(100, a.list(null, 1000).size());
            assertEquals(100, b.list(JobStatus.EXPORTED, 1000).size());
        }
    }

    @Test
    void ofTwoWorkersClaimingOneIdExactlyOneGetsIt() throws Exception {
        try (JdbcJobLedger a = openLedger(); JdbcJobLedger b = openLedger()) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Integer>> wins = new ArrayList<>();
            for (JdbcJobLedger worker : List.of(a, b)) {
                wins.add(pool.submit(() -> {
                    int won = 0;
                    for (int i = 0; i < 50; i++) {
                        won += worker.recordNew(job("claimed-" + i, JobStatus.ACCEPTED, "2026-01-01T00:00:00Z", null)) ? 1 : 0;
                    }
                    return won;
                }));
            }
            assertEquals(50, wins.get(0).get() + wins.get(1).get());
            pool.shutdown();
            assertFalse(a.recordNew(job("claimed-0", JobStatus.FAILED, "2026-01-01T00:00:09Z", null)));
            assertEquals(JobStatus.ACCEPTED, b.find("claimed-0").state(), "a refused claim changes nothing");
        }
    }

    @Test
    void jobsAreCountedByState() {
        try (JdbcJobLedger ledger = openLedger()) {
            ledger.record(job("a", JobStatus.EXPORTED, "2026-01-01T00:00:01Z", null));
            ledger.record(job("b", JobStatus.EXPORTED, "2026-01-01T00:00:02Z", null));
            ledger.record(job("c", JobStatus.FAILED, "2026-01-01T00:00:03Z", null));
            assertEquals(java.util.Map.of(JobStatus.EXPORTED, 2L, JobStatus.FAILED, 1L), ledger.countByState());
        }
    }

    @Test
    void anInputIsClaimedByOneWorkerUntilReleasedOrItsLeaseEnds() throws Exception {
        try (JdbcJobLedger a = openLedger(); JdbcJobLedger b = openLedger()) {
            java.time.Duration hour = java.time.Duration.ofHours(1);
            assertTrue(a.claimInput("s3://lab/inbox/r.json etag-1", "a", hour));
            assertFalse(b.claimInput("s3://lab/inbox/r.json etag-1", "b", hour), "claimed by a");
            assertTrue(b.claimInput("s3://lab/inbox/r.json etag-2", "b", hour), "another version is another input");
            a.releaseInput("s3://lab/inbox/r.json etag-1");
            assertTrue(b.claimInput("s3://lab/inbox/r.json etag-1", "b", hour), "released");
            Thread.sleep(20);
            assertTrue(a.claimInput("s3://lab/inbox/r.json etag-1", "a", java.time.Duration.ofMillis(10)),
                    "b's claim outlived a 10 ms lease: b is taken to have died");
            assertFalse(b.claimInput("s3://lab/inbox/r.json etag-1", "b", hour));
        }
    }

    @Test
    void aLockKeepsOtherWorkersOutUntilReleased() throws Exception {
        try (JdbcJobLedger a = openLedger(); JdbcJobLedger b = openLedger()) {
            java.util.concurrent.atomic.AtomicLong releasedAt = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<?> holder = pool.submit(() -> {
                try (JobLedger.Lock l = a.lock("store:s3://b/img.zarr")) {
                    held.countDown();
                    Thread.sleep(1500);  // longer than H2's default lock timeout: the waiter must keep waiting
                    releasedAt.set(System.nanoTime());
                }
                return null;
            });
            held.await();
            try (JobLedger.Lock other = b.lock("store:s3://b/other.zarr")) {
                assertEquals(0, releasedAt.get(), "another store's lock does not wait");
            }
            Future<Long> waiter = pool.submit(() -> {
                try (JobLedger.Lock l = b.lock("store:s3://b/img.zarr")) {
                    return System.nanoTime();
                }
            });
            holder.get();
            long acquiredAt = waiter.get();
            assertTrue(acquiredAt >= releasedAt.get(), "the second worker got the lock only after the first released it");
            pool.shutdown();
        }
    }

    private static List<String> ids(List<JobStatus> jobs) {
        return jobs.stream().map(JobStatus::id).toList();
    }
}
