package dev.airlock.proxy.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.Action;
import org.junit.jupiter.api.Test;

/** Where a finding is, in words: never a copy of a long name the client chose, never without bound. */
class LocationsTest {

    @Test
    void aLongMemberNameIsNamedByItsLength() {
        String name = "a pasted paragraph, ".repeat(10);
        assertThat(Locations.ofPointer("/messages/3/" + name.replace("/", "~1")))
                .isEqualTo("messages[3][a " + name.length() + "-character name]");
        assertThat(Locations.ofPointer("/tools/0/my key")).isEqualTo("tools[0][\"my key\"]");
    }

    @Test
    void aFindingsLocationAndPointerAreCapped() {
        String pointer = "/" + "x".repeat(60) + "/0".repeat(400);
        Hit h = new Hit("github-pat", Locations.ofPointer(pointer), pointer, 40, "0123456789abcdef", false,
                Action.REDACT);
        assertThat(h.location()).hasSizeLessThan(Hit.MAX_PLACE + 32).endsWith("characters)");
        assertThat(h.pointer()).hasSizeLessThan(Hit.MAX_PLACE + 32).startsWith(pointer.substring(0, 100));
    }
}
