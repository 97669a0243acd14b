package dev.airlock.detector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The data files that ship with the detector (measured tables, a standard's word list), read line by line. */
final class Resources {

    private Resources() {
    }

    /** The lines of the ASCII resource {@code name} beside this class; fails if the jar lacks it. */
    static List<String> lines(String name) {
        try (InputStream in = Resources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the detector's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
