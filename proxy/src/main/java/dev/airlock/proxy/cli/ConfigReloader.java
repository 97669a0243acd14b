package dev.airlock.proxy.cli;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.ConfigException;
import dev.airlock.config.ConfigLoader;
import dev.airlock.detector.Detector;
import dev.airlock.proxy.Detectors;
import dev.airlock.proxy.metrics.ProxyMetrics;
import dev.airlock.proxy.server.ProxyServer;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Reloads {@code serve --config FILE} when the file changes or on SIGHUP: the new file is loaded and validated
 * whole (rules compiled too), then swapped in at once; an invalid file is refused with every problem, path and
 * line in the log, and the configuration already running keeps serving.
 */
final class ConfigReloader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);
    /** Editors write a file in several steps; changes this close together are one reload. */
    private static final long SETTLE_MILLIS = 200;

    private final Path file;
    private final ProxyServer server;
    private final ProxyMetrics metrics;
    private final UnaryOperator<AirlockConfig> overrides;
    private final WatchService watcher;
    private final Thread thread;
    /** The config file and the knownSecrets files: a change to any of them reloads. */
    private final Set<Path> watched = ConcurrentHashMap.newKeySet();
    private final Set<Path> directories = ConcurrentHashMap.newKeySet();

    /**
     * @param overrides applied to every reloaded file as to the first (the {@code --listen}/{@code --admin} flags)
     * @param running   the configuration serving now, whose knownSecrets files are watched too
     */
    ConfigReloader(Path file, ProxyServer server, ProxyMetrics metrics, UnaryOperator<AirlockConfig> overrides,
                   AirlockConfig running) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.server = server;
        this.metrics = metrics;
        this.overrides = overrides;
        this.watcher = FileSystems.getDefault().newWatchService();
        watch(this.file);
        watchKnownSecrets(running);
        this.thread = new Thread(this::watch, "airlock-config-watch");
        thread.setDaemon(true);
        thread.start();
        Signal.handle(new Signal("HUP"), s -> reload("SIGHUP"));
    }

    /** The directory is watched, not the file: editors and ConfigMap updates replace a file by renaming. */
    private void watch(Path target) throws IOException {
        Path f = target.toAbsolutePath().normalize();
        watchFile(f);
        // A symlink (a Secret mounted by Kubernetes, a dotfile linked into place): a change lands on its target, in
        // another directory, which is watched too.
        try {
            Path real = f.toRealPath();
            if (!real.equals(f)) {
                watchFile(real);
            }
        } catch (IOException missing) {
            // not there yet: its own directory is watched, and a reload re-resolves it
        }
    }

    private void watchFile(Path f) throws IOException {
        watched.add(f);
        if (directories.add(f.getParent())) {
            f.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
    }

    /** The files a configuration names whose changes it reads: known secrets and allow lists. */
    private void watchKnownSecrets(AirlockConfig config) {
        List<Path> named = new ArrayList<>(config.rules().known().files());
        named.addAll(config.policy().allow().files());
        config.routes().forEach(r -> named.addAll(r.allow().files()));
        for (Path known : named) {
            try {
                watch(known);
            } catch (IOException e) {
                log.warn("cannot watch {} for changes: {}", known, e.getMessage());
            }
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Path dir = (Path) key.watchable();
                boolean ours = key.pollEvents().stream().anyMatch(e -> e.context() instanceof Path p
                        && (watched.contains(dir.resolve(p)) || p.toString().startsWith("..")));
                key.reset();
                if (ours) {
                    settle();
                    reload("a change to " + file.getFileName() + " or a file it names");
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** Swallows the burst of events one save makes. */
    private void settle() throws InterruptedException {
        WatchKey more;
        while ((more = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
            more.pollEvents();
            more.reset();
        }
    }

    synchronized void reload(String why) {
        AirlockConfig next;
        Detector detector;
        if (isBlank(file)) {
            // Valid YAML meaning "all defaults", but what a rewrite that truncates first leaves for a moment: loading
            // it would drop knownSecrets, custom rules and policy overrides until the writer is done.
            metrics.configReload("rejected");
            log.error("configuration reload after {} refused: {} is empty (expected: a configuration; write a new "
                    + "file and rename it over this one so it is never seen half-written); the running configuration "
                    + "keeps serving", why, file.getFileName());
            return;
        }
        try {
            next = overrides.apply(ConfigLoader.load(file));
            detector = Detectors.from(next, file.toString());
        } catch (ConfigException e) {
            metrics.configReload("rejected");
            log.error("configuration reload after {} refused; the running configuration keeps serving:\n{}", why,
                    e.getMessage());
            return;
        } catch (RuntimeException e) {
            metrics.configReload("rejected");
            log.error("configuration reload after {} failed; the running configuration keeps serving: {}", why,
                    e.toString());
            return;
        }
        try {
            List<String> notes = server.reload(next, detector);
            watchKnownSecrets(next);
            metrics.configReload("ok");
            log.info("configuration reloaded after {}", why);
            notes.forEach(n -> log.warn("configuration reload: {}", n));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            metrics.configReload("rejected");
            log.error("configuration reload after {} could not be applied; the running configuration keeps serving: {}",
                    why, e.getMessage());
        }
    }

    /** Whether the file holds only white space (or cannot be read now: then the loader says why). */
    private static boolean isBlank(Path file) {
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).isBlank();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
