package org.zarrrelay.format.ometiff;

import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses OME-XML from a file we did not write, safely: a streaming (SAX) parse that keeps only what
 * {@link OmeMetadata} holds, so memory is bounded by the number of TiffData blocks (themselves
 * bounded by the file's pages); no DTD is accepted, so neither internal entities (the "billion
 * laughs") nor external ones (file or network reads) can be declared; nesting is bounded. Elements
 * are matched by local name, whatever the OME schema version of their namespace.
 */
final class OmeXmlReader {
    /** OME-XML nests about six deep; a document a hundred deep is not OME-XML. */
    static final int MAX_DEPTH = 100;
    private static final int MAX_UUID_CHARS = 256;

    /** Why the document is refused, in words for the user; the caller names the file. */
    static final class Refusal extends Exception {
        Refusal(String reason) {
            super(reason);
        }

        Refusal(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private OmeXmlReader() {
    }

    /**
     * @param maxTiffData the most TiffData blocks accepted: a sound file has at most one per directory
     */
    static OmeMetadata read(byte[] xml, int maxTiffData) throws Refusal {
        Handler handler = new Handler(maxTiffData);
        try {
            SAXParser parser = factory().newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            parser.parse(new InputSource(new ByteArrayInputStream(xml)), handler);
        } catch (Stop e) {
            throw new Refusal(e.getMessage());
        } catch (SAXParseException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("DOCTYPE")) {
                throw new Refusal("its OME-XML declares a DTD (<!DOCTYPE ...>), which OME-XML never does and which could"
                        + " define entities or fetch other files; it is not read", e);
            }
            throw new Refusal("its OME-XML is not well-formed XML (line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + m + ")", e);
        } catch (CharConversionException e) {
            throw new Refusal("its OME-XML is not valid UTF-8 (" + e.getMessage() + ")", e);
        } catch (SAXException | IOException e) {
            throw new Refusal("its OME-XML could not be parsed (" + e + ")", e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a safety feature every JDK has", e);
        }
        if (!handler.sawRoot) {
            throw new Refusal("its ImageDescription is XML but not OME-XML (the root element is not OME)");
        }
        return handler.result();
    }

    private static SAXParserFactory factory() throws ParserConfigurationException, SAXException {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f;
    }

    /** Ends the parse with a reason; carries no location, the reason says what. */
    private static final class Stop extends SAXException {
        Stop(String reason) {
            super(reason);
        }
    }

    private static final class Handler extends DefaultHandler {
        private final int maxTiffData;
        private final List<String> path = new ArrayList<>();
        private boolean sawRoot;
        private String uuid;
        private int images;
        private String imageName;
        private Map<String, String> pixels = Map.of();
        private final List<OmeMetadata.TiffData> tiffData = new ArrayList<>();
        private Map<String, String> firstPlane;
        private boolean pixelsInXml;
        private boolean binaryOnly;
        private Map<String, String> openTiffData;
        private StringBuilder uuidText;
        private String uuidFileName;

        Handler(int maxTiffData) {
            this.maxTiffData = maxTiffData;
        }

        OmeMetadata result() {
            return new OmeMetadata(uuid, images, imageName, pixels, tiffData, firstPlane, pixelsInXml, binaryOnly);
        }

        @Override
        public void startElement(String ns, String local, String qName, Attributes a) throws SAXException {
            String name = local == null || local.isEmpty() ? qName : local;
            int depth = path.size();
            if (depth >= MAX_DEPTH) {
                throw new Stop("its OME-XML nests elements more than " + MAX_DEPTH + " deep, which OME-XML never does");
            }
            if (depth == 0) {
                if (!name.equals("OME")) {
                    throw new Stop("its ImageDescription is XML but not OME-XML (the root element is " + name + ", not OME)");
                }
                sawRoot = true;
                uuid = a.getValue("UUID");
            } else if (depth == 1 && name.equals("Image")) {
                images++;
                if (images == 1) {
                    imageName = a.getValue("Name");
                }
            } else if (depth == 1 && name.equals("BinaryOnly")) {
                binaryOnly = true;
            } else if (inFirstImage() && depth == 2 && name.equals("Pixels")) {
                pixels = attributes(a);
            } else if (inFirstPixels(depth)) {
                switch (name) {
                    case "TiffData" -> {
                        if (tiffData.size() >= maxTiffData) {
                            throw new Stop("its OME-XML has more TiffData elements than the file has image directories ("
                                    + maxTiffData + "), which no writer does");
                        }
                        openTiffData = attributes(a);
                    }
                    case "Plane" -> {
                        Map<String, String> plane = attributes(a);
                        if (firstPlane == null && "0".equals(trim(plane.get("TheZ"))) && "0".equals(trim(plane.get("TheC")))
                                && "0".equals(trim(plane.get("TheT")))) {
                            firstPlane = plane;
                        }
                    }
                    case "BinData", "MetadataOnly" -> pixelsInXml = true;
                    default -> {
                        // Channel and the rest: not needed to place the planes
                    }
                }
            } else if (openTiffData != null && depth == 4 && name.equals("UUID")) {
                uuidText = new StringBuilder();
                uuidFileName = a.getValue("FileName");
            }
            path.add(name);
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (uuidText != null && uuidText.length() < MAX_UUID_CHARS) {
                uuidText.append(ch, start, Math.min(length, MAX_UUID_CHARS - uuidText.length()));
            }
        }

        @Override
        public void endElement(String ns, String local, String qName) throws SAXException {
            String name = path.remove(path.size() - 1);
            if (name.equals("UUID") && uuidText != null) {
                openTiffData.put("#UUID", uuidText.toString().trim());
                if (uuidFileName != null) {
                    openTiffData.put("#FileName", uuidFileName);
                }
                uuidText = null;
            } else if (name.equals("TiffData") && openTiffData != null && path.size() == 3) {
                tiffData.add(tiffData(openTiffData));
                openTiffData = null;
            }
        }

        private boolean inFirstImage() {
            return images == 1 && path.size() >= 2 && path.get(1).equals("Image");
        }

        private boolean inFirstPixels(int depth) {
            return depth == 3 && inFirstImage() && path.get(2).equals("Pixels");
        }

        private static OmeMetadata.TiffData tiffData(Map<String, String> a) throws Stop {
            String ifd = a.get("IFD");
            return new OmeMetadata.TiffData(count(a, "IFD", 0), ifd != null, count(a, "FirstZ", 0), count(a, "FirstC", 0),
                    count(a, "FirstT", 0), count(a, "PlaneCount", -1), a.get("#UUID"), a.get("#FileName"));
        }

        /** A NonNegativeInt attribute of TiffData (an int in the schema: at most 2^31 - 1). */
        private static long count(Map<String, String> a, String name, long dflt) throws Stop {
            String v = a.get(name);
            if (v == null) {
                return dflt;
            }
            try {
                long n = Long.parseLong(v.trim());
                if (n >= 0 && n <= Integer.MAX_VALUE) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new Stop("its OME-XML has a TiffData with " + name + "=\"" + v + "\", which is not a count from 0 to "
                    + Integer.MAX_VALUE);
        }

        private static Map<String, String> attributes(Attributes a) {
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < a.getLength(); i++) {
                String key = a.getLocalName(i) == null || a.getLocalName(i).isEmpty() ? a.getQName(i) : a.getLocalName(i);
                m.put(key, a.getValue(i));
            }
            return m;
        }

        private static String trim(String s) {
            return s == null ? null : s.trim();
        }
    }
}
