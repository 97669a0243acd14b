package dev.airlock.proxy.cli;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.ConfigException;
import dev.airlock.config.ConfigLoader;
import dev.airlock.detector.Detector;
import dev.airlock.proxy.Detectors;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by the commands that scan: no file means the built-in defaults. */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (custom rules); built-in defaults without it.")
    Path file;

    /** The configuration (the defaults without a file), or null after printing every problem to {@code err}. */
    AirlockConfig configOrReport(PrintWriter err) {
        if (file == null) {
            return AirlockConfig.DEFAULT;
        }
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return null;
        }
    }

    String source() {
        return file == null ? "built-in defaults" : file.toString();
    }

    /** A configuration and the detector it asks for. */
    record Loaded(AirlockConfig config, Detector detector) {
    }

    /** The configuration and its detector, or null after printing every problem of the file to {@code err}. */
    Loaded loadOrReport(PrintWriter err) {
        if (file == null) {
            return new Loaded(AirlockConfig.DEFAULT, Detector.builtIn());
        }
        try {
            AirlockConfig config = ConfigLoader.load(file);
            return new Loaded(config, Detectors.from(config, file.toString()));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return null;
        }
    }

    /** The configured detector, or null after printing every problem of the file to {@code err}. */
    Detector detectorOrReport(PrintWriter err) {
        if (file == null) {
            return Detector.builtIn();
        }
        try {
            AirlockConfig config = ConfigLoader.load(file);
            return Detectors.from(config, file.toString());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return null;
        }
    }
}
