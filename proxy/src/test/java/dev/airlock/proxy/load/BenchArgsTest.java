package dev.airlock.proxy.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The benchmark commands take what the README writes (name=value) and bare values, and refuse anything else. */
class BenchArgsTest {

    @Test
    void namedAndBareValuesAreRead() {
        BenchArgs named = BenchArgs.parse(new String[] {"shape=claude", "turns=12"}, "turns", "rounds", "shape");
        assertThat(named.integer("turns", 40)).isEqualTo(12);
        assertThat(named.integer("rounds", 7)).isEqualTo(7);
        assertThat(named.text("shape", "chat")).isEqualTo("claude");
        assertThat(named.has("rounds")).isFalse();
        BenchArgs bare = BenchArgs.parse(new String[] {"30", "5"}, "turns", "rounds", "shape");
        assertThat(bare.integer("turns", 40)).isEqualTo(30);
        assertThat(bare.integer("rounds", 12)).isEqualTo(5);
    }

    @Test
    void unknownNamesExtraValuesAndNonNumbersAreRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> BenchArgs.parse(new String[] {"shapes=claude"}, "turns", "shape"))
                .hasMessageContaining("shapes=claude").hasMessageContaining("[turns, shape]");
        assertThatThrownBy(() -> BenchArgs.parse(new String[] {"1", "2", "3"}, "turns", "shape"))
                .hasMessageContaining("'3'");
        BenchArgs args = BenchArgs.parse(new String[] {"turns=many"}, "turns");
        assertThatThrownBy(() -> args.integer("turns", 40)).hasMessage("turns=many: expected a whole number");
    }
}
