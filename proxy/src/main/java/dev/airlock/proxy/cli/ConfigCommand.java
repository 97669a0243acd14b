package dev.airlock.proxy.cli;

import dev.airlock.config.ConfigException;
import dev.airlock.config.ConfigLoader;
import dev.airlock.proxy.Detectors;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock config check FILE}: validates a configuration the way startup would, every problem at once. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with configuration files.",
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a configuration file; exit 0 when valid, 2 with every problem listed.")
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The YAML file to check.")
        Path file;

        @Override
        public Integer call() {
            try {
                Detectors.from(ConfigLoader.load(file), file.toString());
                spec.commandLine().getOut().println(file + ": ok");
                return 0;
            } catch (ConfigException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 2;
            }
        }
    }
}
