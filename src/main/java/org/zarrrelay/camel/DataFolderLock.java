package org.zarrrelay.camel;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.zarrrelay.RelayException;

/**
 * The one relay serving a data folder: an OS lock on {@code <data>/.serve.lock}, held while it
 * runs. Two relays on one inbox would race for every file; the CLI, which only runs jobs, does not
 * take it and may run beside {@code serve}.
 */
final class DataFolderLock implements AutoCloseable {
    static final String NAME = ".serve.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataFolderLock take(Path data) {
        Path file = data.resolve(NAME);
        FileChannel ch = null;
        try {
            Files.createDirectories(data);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                throw new RelayException("another zarr-relay is already serving the data folder " + data + ": stop it, or"
                        + " give this one another relay.data (several relays share work through a queue and a shared"
                        + " relay.ledger.url, each with its own data folder)");
            }
            return new DataFolderLock(ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new RelayException("cannot lock the data folder " + data + " (" + e.getMessage() + "): check that it is"
                    + " writable", e);
        } catch (java.nio.channels.OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new RelayException("this process already serves the data folder " + data + ": give the second relay"
                    + " another relay.data", e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException e) {
            // already failing with a clearer message
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            // the OS releases the lock when the process ends anyway
        }
    }
}
