package dev.airlock.proxy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A file (or standard input) to scan, read as UTF-8 text; binary files are recognised and skipped. */
record ScanTarget(String name, String text) {

    static final String STDIN = "-";
    /** Larger files are not prompts or source: skipped with a notice rather than read whole. */
    static final long MAX_FILE_BYTES = 64L << 20;

    /** Every regular file under the given paths, in a stable order; {@code .git} folders are not entered. */
    static List<Path> expand(List<String> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p);
            if (!Files.exists(path)) {
                throw new IOException(p + ": no such file or directory");
            }
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(f -> Files.isRegularFile(f) && !insideGit(path, f)).sorted().forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }

    private static boolean insideGit(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().equals(".git")) {
                return true;
            }
        }
        return false;
    }

    /** The file's text, or null when it is binary (a NUL byte in its first 8 KiB) or too large. */
    static ScanTarget read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        return isBinary(bytes) ? null : new ScanTarget(file.toString(), decode(bytes));
    }

    static ScanTarget stdin(InputStream in) throws IOException {
        return new ScanTarget(STDIN, decode(in.readAllBytes()));
    }

    static boolean isBinary(byte[] bytes) {
        int n = Math.min(bytes.length, 8192);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** Invalid UTF-8 becomes U+FFFD, one character per bad byte sequence, so offsets stay close to the bytes. */
    static String decode(byte[] bytes) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    }
}
