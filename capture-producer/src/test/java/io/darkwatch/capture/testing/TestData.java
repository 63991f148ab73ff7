package io.darkwatch.capture.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Paths of the fixtures under src/test/resources. */
public final class TestData {
    private TestData() {
    }

    /** A resource file or folder, e.g. {@code pcap/zeek__nmap-vsn.pcap}. */
    public static Path resource(String relative) {
        URL url = TestData.class.getResource("/" + relative);
        if (url == null) {
            throw new IllegalArgumentException("test resource " + relative + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path capture(String name) {
        return resource("pcap/" + name);
    }

    public static Path geoip(String name) {
        return resource("geoip/" + name);
    }
}
