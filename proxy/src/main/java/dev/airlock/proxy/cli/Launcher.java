package dev.airlock.proxy.cli;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How an installed hook starts the Airlock that installed it: this JVM's {@code java} with the running
 * {@code airlock.jar} ({@code -jar}), or, when Airlock runs from a classes directory (development, tests), with this
 * JVM's class path and the main class.
 *
 * @param java     absolute path of the {@code java} executable
 * @param args     what follows {@code java}: {@code -jar JAR} or {@code -cp PATH MAIN}
 * @param artifact the jar or classes directory; the hook falls back to {@code airlock} on PATH once it is gone
 */
record Launcher(Path java, List<String> args, Path artifact) {

    /** Short runs: the C1 compiler and the serial collector start fastest, and a commit waits for the JVM. */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    static Launcher current() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path source;
        try {
            source = Path.of(AirlockCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where airlock.jar is (" + e.getClass().getSimpleName() + ")");
        }
        if (Files.isRegularFile(source)) {
            return new Launcher(java, List.of("-jar", source.toString()), source);
        }
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return new Launcher(java, List.of("-cp", String.join(File.pathSeparator, entries),
                AirlockCommand.class.getName()), source);
    }
}
