package dev.airlock.detector;

import dev.airlock.detector.testing.Credentials;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Chat-request-sized texts made of real source code: files drawn from the running JDK's {@code lib/src.zip},
 * pasted one after another the way a coding client sends them, with three credentials planted at a quarter,
 * half and three quarters of the text. The same size always gives the same text (fixed seed), so the
 * benchmark's forks and the table printed afterwards agree on what was scanned.
 *
 * <p>The planted credentials are generated here, at run time, never written literally in the repository.
 */
final class BenchCorpus {

    /** Overrides the location of {@code src.zip}; the default is {@code ${java.home}/lib/src.zip}. */
    static final String SRC_ZIP_PROPERTY = "airlock.bench.srczip";

    private static final long SEED = 20_261_128L;

    /** Rule ids the engine must report for the planted credentials. */
    static final List<String> PLANTED_RULES = List.of("github-pat", "generic-password", "private-key");

    private BenchCorpus() {
    }

    static Path srcZip() {
        String configured = System.getProperty(SRC_ZIP_PROPERTY);
        Path p = configured != null ? Paths.get(configured)
                : Paths.get(System.getProperty("java.home"), "lib", "src.zip");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no JDK sources at " + p + ": install the JDK's source package"
                    + " (Debian: apt-get install openjdk-17-source) or pass -D" + SRC_ZIP_PROPERTY
                    + "=/path/to/src.zip");
        }
        return p;
    }

    /** A text of exactly {@code size} characters: JDK source files with three planted credentials. */
    static String text(int size) {
        Random random = new Random(SEED);
        List<String> planted = List.of(
                githubTokenAssignment(random),
                dotenvPassword(random),
                Credentials.pemPrivateKey(random));
        int plantedLength = planted.stream().mapToInt(String::length).sum();
        if (size < plantedLength * 4) {
            throw new IllegalArgumentException("size " + size + " too small for the planted credentials");
        }
        StringBuilder sb = new StringBuilder(size + 64 * 1024);
        sourceCode(size - plantedLength, random, sb);
        for (int k = planted.size(); k >= 1; k--) {
            // Insert back to front so earlier positions stay where they were computed.
            int at = lineStart(sb, sb.length() * k / (planted.size() + 1));
            sb.insert(at, planted.get(k - 1));
        }
        return sb.toString();
    }

    /** Appends whole source files in a seeded random order, then cuts to exactly {@code length}. */
    private static void sourceCode(int length, Random random, StringBuilder sb) {
        try (ZipFile zip = new ZipFile(srcZip().toFile())) {
            List<String> names = new ArrayList<>();
            zip.stream().filter(e -> !e.isDirectory() && e.getName().endsWith(".java"))
                    .forEach(e -> names.add(e.getName()));
            Collections.sort(names);
            Collections.shuffle(names, random);
            for (String name : names) {
                if (sb.length() >= length) {
                    break;
                }
                String source = readText(zip, zip.getEntry(name));
                if (source == null) {
                    continue;
                }
                sb.append("// File: ").append(name).append('\n').append(source);
                if (source.isEmpty() || source.charAt(source.length() - 1) != '\n') {
                    sb.append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sb.length() < length) {
            throw new IllegalStateException("src.zip holds fewer than " + length + " characters of source");
        }
        int cut = length;
        if (Character.isLowSurrogate(sb.charAt(cut)) && Character.isHighSurrogate(sb.charAt(cut - 1))) {
            sb.setCharAt(cut - 1, ' ');
        }
        sb.setLength(cut);
    }

    /** The entry as UTF-8 text, or null when it is not text (malformed UTF-8 or a NUL byte). */
    static String readText(ZipFile zip, ZipEntry entry) throws IOException {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readAllBytes();
        }
        return decodeText(bytes);
    }

    static String decodeText(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int lineStart(CharSequence s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                return i + 1;
            }
        }
        return s.length();
    }

    /** A GitHub classic token with a valid checksum, in a Java constant. */
    private static String githubTokenAssignment(Random r) {
        String token = Credentials.githubToken(r);
        return "    private static final String CI_TOKEN = \"" + token + "\";\n";
    }

    /** A {@code .env} line pasted into the request, the way people share configuration. */
    private static String dotenvPassword(Random r) {
        String password = Credentials.random(r, Credentials.BASE62, 14) + "#" + Credentials.random(r, "0123456789", 3);
        return "# .env\nDB_HOST=db.internal\nDB_" + "PASSWORD=" + password + "\n";
    }

}
