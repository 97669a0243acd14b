package dev.airlock.proxy.cli;

import dev.airlock.detector.Detector;
import dev.airlock.detector.RuleInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code airlock rules}: every built-in rule with what it finds and the shape it matches. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "List the detection rules.")
final class RulesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var rules = Detector.builtIn().rules();
        int width = rules.stream().mapToInt(r -> r.id().length()).max().orElse(10);
        for (RuleInfo r : rules) {
            out.printf("%-" + width + "s  %s%n%-" + width + "s    shape: %s%n", r.id(), r.description(), "", r.example());
        }
        out.printf("%d rules%n", rules.size());
        out.flush();
        return 0;
    }
}
