package dev.airlock.proxy.audit;

import dev.airlock.config.AuditConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The audit file and its rotated predecessors ({@code audit.jsonl.20261128T101500Z.000000000042}: when it was
 * rotated and the sequence number of its first event, so names sort by age and never collide; oldest deleted beyond
 * {@code audit.keep}). Rotation happens before a line would push the file past {@code audit.rotateBytes} or once
 * its first line is older than {@code audit.rotateAge}; the chain runs on across files. Used by the writer thread
 * only.
 */
final class AuditFile {

    /** The last line of the trail so far, so a restarted writer continues the chain. */
    record Tail(long seq, byte[] line) {
    }

    private static final Pattern SEQ = Pattern.compile("^\\{\"seq\":(\\d+)");
    private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_LINE = 1 << 20;

    private final Path path;
    private final long rotateBytes;
    private final Duration rotateAge;
    private final int keep;
    private OutputStream out;
    private long size;
    private Instant started;
    private long firstSeq;

    AuditFile(AuditConfig config) throws IOException {
        this.path = config.file().toAbsolutePath();
        this.rotateBytes = config.rotateBytes();
        this.rotateAge = config.rotateAge();
        this.keep = config.keep();
        Files.createDirectories(path.getParent());
        open();
    }

    private void open() throws IOException {
        boolean existed = Files.exists(path);
        if (existed) {
            endWithNewline();
        }
        out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE), 64 * 1024);
        size = Files.size(path);
        if (size > 0) {
            firstLine();
        } else {
            started = null;
        }
    }

    /** A line cut short by a crash stays as it is (the verifier reports it), but the next one starts on its own. */
    private void endWithNewline() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            if (f.length() > 0) {
                f.seek(f.length() - 1);
                if (f.read() != '\n') {
                    f.seek(f.length());
                    f.write('\n');
                }
            }
        }
    }

    Tail tail() throws IOException {
        Tail t = lastLine(path);
        if (t != null) {
            return t;
        }
        List<Path> rotated = rotated();
        return rotated.isEmpty() ? null : lastLine(rotated.get(rotated.size() - 1));
    }

    void append(byte[] line, long seq, Instant now) throws IOException {
        if (size > 0 && (size + line.length + 1 > rotateBytes
                || started != null && Duration.between(started, now).compareTo(rotateAge) >= 0)) {
            rotate(now);
        }
        out.write(line);
        out.write('\n');
        size += line.length + 1;
        if (started == null) {
            started = now;
            firstSeq = seq;
        }
    }

    void flush() throws IOException {
        out.flush();
    }

    void close() throws IOException {
        out.close();
    }

    /**
     * Starts over on a fresh stream after a failed write (a full disk, a file or directory removed underneath):
     * what the old stream still buffered is given up, since writing it is what failed, and a line it cut short is
     * ended so the next one starts on its own.
     */
    void reopen() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            // the buffered bytes cannot be written; the stream is closed all the same
        }
        Files.createDirectories(path.getParent());
        open();
    }

    private void rotate(Instant now) throws IOException {
        out.close();
        Path target = path.resolveSibling(path.getFileName() + "." + STAMP.format(now) + String.format(".%012d", firstSeq));
        Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
        List<Path> rotated = rotated();
        for (int i = 0; i < rotated.size() - keep; i++) {
            Files.deleteIfExists(rotated.get(i));
        }
        open();
    }

    /** Rotated files, oldest first (their names sort by time). */
    private List<Path> rotated() throws IOException {
        String prefix = path.getFileName() + ".";
        try (Stream<Path> siblings = Files.list(path.getParent())) {
            return new ArrayList<>(siblings.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().length() > prefix.length()
                    && Character.isDigit(p.getFileName().toString().charAt(prefix.length()))).sorted().toList());
        }
    }

    private static Tail lastLine(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long end = f.length();
            while (end > 0) {
                f.seek(end - 1);
                if (f.read() != '\n') {
                    break;
                }
                end--;
            }
            long start = Math.max(0, end - MAX_LINE);
            byte[] buf = new byte[(int) (end - start)];
            f.seek(start);
            f.readFully(buf);
            int from = 0;
            for (int i = buf.length - 1; i >= 0; i--) {
                if (buf[i] == '\n') {
                    from = i + 1;
                    break;
                }
            }
            byte[] line = java.util.Arrays.copyOfRange(buf, from, buf.length);
            Matcher m = SEQ.matcher(new String(line, StandardCharsets.UTF_8));
            return new Tail(m.find() ? Long.parseLong(m.group(1)) : -1, line);
        }
    }

    /** When the current file began and with which event, from its first line (the file's own time if unreadable). */
    private void firstLine() throws IOException {
        String first;
        try (Stream<String> lines = Files.lines(path, StandardCharsets.UTF_8)) {
            first = lines.findFirst().orElse("");
        } catch (java.io.UncheckedIOException e) {
            first = ""; // not UTF-8: damaged; the verifier says so
        }
        Matcher seq = SEQ.matcher(first);
        firstSeq = seq.find() ? Long.parseLong(seq.group(1)) : 0;
        Matcher time = TIME.matcher(first);
        started = Files.getLastModifiedTime(path).toInstant();
        if (time.find()) {
            try {
                started = Instant.parse(time.group(1));
            } catch (java.time.format.DateTimeParseException e) {
                // the file's own time stands
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
