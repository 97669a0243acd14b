package dev.airlock.proxy.cli;

import dev.airlock.config.AirlockConfig;
import dev.airlock.proxy.AirlockHome;
import dev.airlock.proxy.ca.CaFiles;
import dev.airlock.proxy.route.InterceptHosts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code airlock doctor}: checks an install end to end against the running Airlock (see {@link DoctorChecks}) and
 * prints one line per check, then a summary. Exit 0 when nothing failed, 1 when something did, 2 for bad usage.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check an install end to end against the running Airlock: proxy and admin ports, the CA on disk"
                + " and in use, interception of one host, the provider behind it, and this shell's client variables.",
                "Prints ok, warn or FAIL per check with what to do; exit 0 when nothing failed, 1 otherwise.",
                "In gateway mode (access.users) the CONNECT check authenticates with the environment variables "
                        + InterceptionProbe.USER_ENV + " and " + InterceptionProbe.PASSWORD_ENV + "."})
final class DoctorCommand implements Callable<Integer> {

    static final String DEFAULT_HOST = "api.openai.com";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--home", paramLabel = "DIR", description = "Install directory holding the CA (default: ~/.airlock).")
    Path home;

    @Option(names = "--host", paramLabel = "NAME", description = "Intercepted host to test the TLS handshake and the"
            + " provider with; must match intercept.hosts (default: " + DEFAULT_HOST + ", or the first host"
            + " listed when the config does not intercept it).")
    String host;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Time limit of each check (default: ${DEFAULT-VALUE}).")
    int timeout;

    /** Proxy credentials and client variables; tests swap it. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (timeout <= 0) {
            err.println("airlock doctor: --timeout " + timeout + " (expected: a number of seconds above 0)");
            return 2;
        }
        AirlockConfig cfg = config.configOrReport(err);
        err.flush();
        String target = null;
        if (cfg != null) {
            InterceptHosts intercepted = InterceptHosts.of(cfg.intercept().hosts());
            target = host == null ? defaultHost(intercepted) : host;
            if (target == null || intercepted.match(target) == null) {
                err.println("airlock doctor: " + (host == null ? "no host to test with: " + DEFAULT_HOST + " is"
                        : "--host " + host + " is") + " not in intercept.hosts (expected: a host matching one of "
                        + String.join(", ", intercepted.patterns()) + "); pass --host NAME");
                return 2;
            }
        }
        Map<Check.Status, Integer> counts = new EnumMap<>(Check.Status.class);
        print(out, DoctorChecks.config(config.source(), cfg), counts);
        if (cfg != null) {
            AirlockHome install = home == null ? AirlockHome.defaultHome() : new AirlockHome(home.toAbsolutePath().normalize());
            new DoctorChecks(cfg, CaFiles.in(install), target, Duration.ofSeconds(timeout), env,
                    DoctorChecks.serveHint(config.file, home)).run(c -> print(out, c, counts));
        }
        int failed = counts.getOrDefault(Check.Status.FAIL, 0);
        int warned = counts.getOrDefault(Check.Status.WARN, 0);
        out.println();
        out.println(failed == 0 && warned == 0 ? "airlock doctor: all checks passed"
                : "airlock doctor: " + counts.getOrDefault(Check.Status.OK, 0) + " ok, " + warned + " warning"
                + (warned == 1 ? "" : "s") + ", " + failed + " failed"
                + (counts.containsKey(Check.Status.SKIP) ? ", " + counts.get(Check.Status.SKIP) + " skipped" : ""));
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** {@link #DEFAULT_HOST} when intercepted, else the first intercepted name without a wildcard, else null. */
    static String defaultHost(InterceptHosts intercepted) {
        if (intercepted.match(DEFAULT_HOST) != null) {
            return DEFAULT_HOST;
        }
        return intercepted.patterns().stream().filter(p -> !p.contains("*")).findFirst().orElse(null);
    }

    private static void print(PrintWriter out, Check check, Map<Check.Status, Integer> counts) {
        counts.merge(check.status(), 1, Integer::sum);
        out.printf("%-5s %s: %s%n", check.status().label(), check.title(), check.detail());
        if (check.fix() != null && check.status() != Check.Status.OK) {
            out.println("      -> " + check.fix());
        }
        out.flush();
    }
}
