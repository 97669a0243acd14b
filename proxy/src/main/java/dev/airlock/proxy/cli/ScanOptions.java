package dev.airlock.proxy.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code scan} and {@code baseline} read besides plain paths — the index or the history of a repository — and
 * the configuration, install key and {@code .airlockignore} they judge findings with.
 */
final class ScanOptions {

    static final String HEAD = "HEAD";

    @Mixin
    ConfigOption config;

    @Option(names = "--home", paramLabel = "DIR",
            description = "Install directory holding the fingerprint key (default: ~/.airlock).")
    Path home;

    @Option(names = "--staged", description = "Scan what git commit would record (the index, not the working tree);"
            + " only findings on lines the commit adds are reported.")
    boolean staged;

    @Option(names = "--git", arity = "0..1", paramLabel = "REV_RANGE", fallbackValue = HEAD,
            description = "Scan the lines each commit of REV_RANGE added (default: HEAD, the whole history of the "
                    + "current branch), reporting commit, author, file and line.")
    String history;

    @Option(names = "--repo", paramLabel = "DIR",
            description = "The git repository to read (default: the one holding the current directory).")
    Path repo;

    @Option(names = "--ignore-file", paramLabel = "FILE", description = "Accepted findings (default: .airlockignore"
            + " at the repository root, or in the current directory outside a repository).")
    Path ignoreFile;
}
