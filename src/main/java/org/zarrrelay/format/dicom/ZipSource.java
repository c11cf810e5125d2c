package org.zarrrelay.format.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.zarrrelay.RelayException;

/**
 * A series in a {@code .zip}, read entry by entry in place: nothing is extracted, and only the
 * bytes a header or a slice needs are inflated. Each entry's size comes from the archive's central
 * directory and is checked before the entry is read; reads never go past it, so an entry that
 * inflates to more than it claims cannot make the reader read more.
 */
final class ZipSource implements SeriesSource {
    /** Larger than any slice file that can be read: one slice must fit an in-memory volume (2 GiB). */
    static final long MAX_ENTRY_BYTES = 3L << 30;

    private final Path zip;
    private final ZipFile file;
    private final List<Item> items = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    ZipSource(Path zip) {
        this.zip = zip;
        this.file = openZip(zip);
        try {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                consider(entries.nextElement());
            }
        } catch (RuntimeException e) {
            close();
            throw e instanceof RelayException r ? r : new RelayException("the DICOM archive " + zip + " is damaged ("
                    + e.getMessage() + "); zip the series again", e);
        }
        items.sort(Comparator.comparing(Item::name));
    }

    /**
     * UTF-8 names first (what zip tools write today), then the old DOS code page that Windows' own
     * zip uses, in which every byte is a character: a zip that fails both is damaged.
     */
    private static ZipFile openZip(Path zip) {
        Exception first = null;
        for (Charset names : new Charset[] {StandardCharsets.UTF_8, Charset.forName("IBM437")}) {
            try {
                ZipFile f = new ZipFile(zip.toFile(), names);
                try {
                    f.stream().forEach(ZipEntry::getName);  // decodes every name now, so a wrong charset fails here
                } catch (IllegalArgumentException e) {
                    f.close();
                    throw e;
                }
                return f;
            } catch (IOException | IllegalArgumentException e) {
                first = first == null ? e : first;
            }
        }
        throw new RelayException("the DICOM archive " + zip + " is not a readable zip file (" + first.getMessage()
                + "): zip the series folder again", first);
    }

    private void consider(ZipEntry e) {
        String name = e.getName();
        if (e.isDirectory()) {
            return;
        }
        String junk = SeriesSource.junk(name);
        if (junk != null) {
            notes.add(name + " (" + junk + ")");
            return;
        }
        long size = e.getSize();
        if (size < 0 || size > MAX_ENTRY_BYTES) {
            throw new RelayException("the DICOM archive " + zip + " is damaged or not a series: its entry " + name
                    + (size < 0 ? " does not state its size" : " says it holds " + size + " bytes, more than any slice")
                    + "; zip the series folder again");
        }
        if (items.size() == MAX_FILES) {
            throw new RelayException("the DICOM archive " + zip + " holds more than " + MAX_FILES + " files, more than a"
                    + " series of slices: zip the one series only");
        }
        items.add(new EntryItem(file, e, name, size));
    }

    @Override
    public String where() {
        return zip.toString();
    }

    @Override
    public List<Item> items() {
        return items;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            // an archive we only read: nothing is lost
        }
    }

    private record EntryItem(ZipFile file, ZipEntry entry, String name, long size) implements Item {
        @Override
        public InputStream open() throws IOException {
            return file.getInputStream(entry);
        }
    }
}
