package org.zarrrelay.format.nifti;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.zarrrelay.volume.ChannelIO;

/**
 * An uncompressed file read by positional reads, so any slab costs only its own bytes. The reader
 * has checked that the voxels lie inside the file; a shorter read means the file changed since.
 * When {@code temporary} is set the file is a decompressed copy, deleted on close.
 */
final class ChannelSource implements VoxelSource {
    private final Path file;
    private final FileChannel channel;
    private final Path temporary;

    ChannelSource(Path file, FileChannel channel, Path temporary) {
        this.file = file;
        this.channel = channel;
        this.temporary = temporary;
    }

    @Override
    public void read(long position, byte[] dst, int off, int len) {
        try {
            int read = ChannelIO.read(channel, dst, off, len, position);
            if (read < len) {
                throw new NiftiException("NIfTI file " + file + " is truncated: it ended at byte "
                        + (position + read) + " while " + (len - read) + " more bytes of voxels were"
                        + " expected (did it change while being read?); save or copy it again");
            }
        } catch (IOException e) {
            throw new NiftiException("NIfTI file " + file + " could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a file we only read: nothing is lost
        }
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // a hidden .tmp leftover: the relay removes those from its folders when it starts
            }
        }
    }
}
