package dev.airlock.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.payload.PrefixHash.Digest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SightingsTest {

    @Test
    void aKeyIsFoundWithItsWordUntilAnotherTakesItsSlot() {
        Sightings sightings = new Sightings(4);
        Random random = new Random(1);
        long key = Sightings.key(new Digest(random.nextLong() >>> 3, random.nextLong() >>> 3), 7);
        assertThat(sightings.find(key)).isEqualTo(Sightings.NONE);
        sightings.sight(key, 42);
        assertThat(sightings.find(key)).isEqualTo(42);
        long other = key;
        for (long k = key + 1; other == key; k++) { // the next key that maps to the same slot of four
            if (((int) (k ^ (k >>> 32)) & 3) == ((int) (key ^ (key >>> 32)) & 3)) {
                other = k;
            }
        }
        sightings.sight(other, 5);
        assertThat(sightings.find(key)).as("direct-mapped: overwritten").isEqualTo(Sightings.NONE);
        assertThat(sightings.find(other)).isEqualTo(5);
    }

    @Test
    void sightingAgainTellsTheSecondTimeFromTheFirst() {
        Sightings sightings = new Sightings(1 << 10);
        Digest digest = new Digest(12345, 67890);
        long first = Sightings.key(digest, 1);
        long second = Sightings.key(digest, 2);
        assertThat(first).as("the salt tells apart digests of different things").isNotEqualTo(second);
        assertThat(sightings.sightAgain(first)).isFalse();
        assertThat(sightings.sightAgain(first)).isTrue();
        assertThat(sightings.sightAgain(second)).isFalse();
    }

    @Test
    void theCapacityIsAPowerOfTwo() {
        assertThatThrownBy(() -> new Sightings(1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1000");
    }
}
