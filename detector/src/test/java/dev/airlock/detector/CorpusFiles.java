package dev.airlock.detector;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code shared/corpus} beside the project root, looking up from the working directory. */
final class CorpusFiles {

    private CorpusFiles() {
    }

    static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/corpus");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
