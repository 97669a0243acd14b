package dev.airlock.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SplicedTest {

    @Property(tries = 300)
    void thePiecesSpellTheBodyWithEveryRangeReplaced(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] body = new byte[r.nextInt(200)];
        r.nextBytes(body);
        List<Splice> splices = new ArrayList<>();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length && r.nextInt(3) > 0) {
            int start = at + r.nextInt(body.length - at + 1);
            int end = start + r.nextInt(body.length - start + 1);
            byte[] with = new byte[r.nextInt(12)];
            r.nextBytes(with);
            splices.add(new Splice(start, end, with));
            expected.write(body, at, start - at);
            expected.writeBytes(with);
            at = end;
        }
        expected.write(body, at, body.length - at);

        Spliced spliced = Spliced.of(body, splices);
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        spliced.forEach((array, offset, length) -> {
            assertThat(length).as("no empty piece").isPositive();
            pieces.write(array, offset, length);
        });
        assertThat(pieces.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(spliced.length()).isEqualTo(expected.size());
        assertThat(spliced.toArray()).isEqualTo(expected.toByteArray());
        assertThat(spliced.isUnchanged(body)).isEqualTo(splices.isEmpty());
    }

    @Test
    void aBodyWithNothingReplacedIsTheReceivedArrayItself() {
        byte[] body = {1, 2, 3};
        Spliced same = Spliced.of(body, List.of());
        assertThat(same.toArray()).isSameAs(body);
        assertThat(same.isUnchanged(body)).isTrue();
        assertThat(same.isUnchanged(body.clone())).isFalse();
    }

    @Test
    void splicesOutOfOrderOrOutsideTheBodyAreRefused() {
        byte[] body = new byte[10];
        assertThatThrownBy(() -> Spliced.of(body, List.of(new Splice(5, 6, new byte[0]), new Splice(2, 3, new byte[0]))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> Spliced.of(body, List.of(new Splice(8, 11, new byte[0]))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("10 bytes");
    }
}
