package dev.airlock.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in rule finds its generated true examples and none of its generated false ones. */
class RulePackTest {

    private static final Detector DETECTOR = Detector.builtIn();

    static Stream<Rule> rules() {
        return DETECTOR.ruleObjects().stream();
    }

    @Test
    void packIsLargeAndIdsAreKebabCase() {
        assertThat(DETECTOR.rules()).hasSizeGreaterThanOrEqualTo(150);
        assertThat(DETECTOR.rules()).allSatisfy(r -> {
            assertThat(r.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(r.description()).isNotBlank();
            assertThat(r.example()).isNotBlank();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void findsGeneratedTrueExamples(Rule rule) {
        Random r = new Random(rule.id().hashCode());
        for (int round = 0; round < 5; round++) {
            List<String> examples = Examples.trueExamples(rule, r);
            assertThat(examples).as("rule %s has examples", rule.id()).isNotEmpty();
            for (String example : examples) {
                if (rule instanceof BareTokenOutputRule) {
                    // Judged for a tool's whole output in a JSON member only, never in free text.
                    assertThat(DETECTOR.scanField("content", example)).as("rule %s", rule.id())
                            .anySatisfy(f -> assertThat(f.ruleId()).isEqualTo(rule.id()));
                    continue;
                }
                for (String context : List.of("%s", "x = \"%s\"\n", "{\"content\":\"see\\n%s\"}", "before %s after")) {
                    String text = context.formatted(example);
                    List<Finding> found = DETECTOR.scan(text);
                    assertThat(found).as("rule %s in %s", rule.id(), Examples.shapeOf(text))
                            .anySatisfy(f -> assertThat(f.ruleId()).isEqualTo(rule.id()));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void ignoresGeneratedFalseExamples(Rule rule) {
        if (!(rule instanceof ShapeRule s)) {
            return;
        }
        Random r = new Random(~rule.id().hashCode());
        for (Shape shape : s.shapes()) {
            String tooShort = Examples.fromShape(shape, r, -1);
            assertThat(DETECTOR.scan(tooShort)).as("rule %s must not fire on %s", rule.id(), Examples.shapeOf(tooShort))
                    .noneSatisfy(f -> assertThat(f.ruleId()).isEqualTo(rule.id()));
            // Filler in a vendor's shape is a stub or a shape test: never a confident finding.
            String placeholder = Examples.placeholderFromShape(shape);
            assertThat(DETECTOR.scan(placeholder)).as("rule %s on filler %s", rule.id(), Examples.shapeOf(placeholder))
                    .noneSatisfy(f -> {
                        assertThat(f.ruleId()).isEqualTo(rule.id());
                        assertThat(f.confidence()).isNotEqualTo(Confidence.LOW);
                    });
        }
    }
}
