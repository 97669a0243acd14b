package dev.airlock.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.payload.PrefixHash.Digest;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The prefix hash is the construction its documentation describes, computed again here with big integers. */
class PrefixHashTest {

    private static final BigInteger PRIME = BigInteger.ONE.shiftLeft(61).subtract(BigInteger.ONE);
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

    @Property(tries = 300)
    void everyPrefixHashesAsTheReferenceConstructionSays(@ForAll long seed, @ForAll @IntRange(max = 5000) int size) {
        Random r = new Random(seed);
        long[] key = new long[PrefixHash.BLOCK / 8];
        for (int i = 0; i < key.length; i++) {
            key[i] = r.nextLong();
        }
        long x1 = Math.floorMod(r.nextLong(), PRIME.longValue());
        long x2 = Math.floorMod(r.nextLong(), PRIME.longValue());
        byte[] body = new byte[size];
        r.nextBytes(body);
        String partition = r.nextBoolean() ? "" : "authorization\0Bearer " + r.nextInt();
        PrefixHash hash = new PrefixHash(key, x1, x2);
        int length = size == 0 ? 0 : r.nextInt(size + 1);
        assertThat(hash.of(body, partition).at(length)).isEqualTo(reference(key, x1, x2, partition, body, 0, length));
        int from = size == 0 ? 0 : r.nextInt(size + 1);
        assertThat(hash.of(body, partition).rest(from))
                .isEqualTo(reference(key, x1, x2, partition, body, from, size - from));
        int to = from + (size == from ? 0 : r.nextInt(size - from + 1));
        assertThat(hash.of(body, from, to, partition))
                .isEqualTo(reference(key, x1, x2, partition, body, from, to - from));
    }

    @Test
    void aPrefixHashDependsOnEveryByteOfThePrefixAndNoOther() {
        PrefixHash hash = new PrefixHash(new SecureRandom());
        Random r = new Random(3);
        byte[] body = new byte[3 * PrefixHash.BLOCK + 517];
        r.nextBytes(body);
        for (int length : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 1023, 1024, 1025, 2048, body.length - 1}) {
            Digest d = hash.of(body, "").at(length);
            byte[] changedAfter = body.clone();
            changedAfter[length] ^= 1;
            assertThat(hash.of(changedAfter, "").at(length)).isEqualTo(d);
            for (int i = 0; i < length; i += Math.max(1, length / 40)) {
                byte[] changed = body.clone();
                changed[i] ^= (byte) (1 << r.nextInt(8));
                assertThat(hash.of(changed, "").at(length)).as("byte %d of %d", i, length).isNotEqualTo(d);
            }
            assertThat(hash.of(body, "x").at(length)).as("another client").isNotEqualTo(d);
        }
        assertThat(hash.of(body, "").block(2)).isEqualTo(hash.of(body.clone(), "").block(2));
    }

    @Test
    void theReductionIsExact() {
        Random r = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            long h = r.nextLong() >>> 2;
            long x = Math.floorMod(r.nextLong(), PRIME.longValue());
            long c = r.nextLong() >>> 4;
            long step = PrefixHash.step(h, x, c);
            assertThat(step).isLessThan(1L << 62);
            assertThat(PrefixHash.reduce(step)).isEqualTo(BigInteger.valueOf(h).multiply(BigInteger.valueOf(x))
                    .add(BigInteger.valueOf(c)).mod(PRIME).longValue());
        }
    }

    /**
     * Polynomials at x1 and x2 over: partition chars, 2^16, three elements per NH'd block (the sum of products of
     * word-plus-key read as signed 64-bit numbers, modulo 2^128), the length.
     */
    private static Digest reference(long[] key, long x1, long x2, String partition, byte[] body, int from, int length) {
        List<BigInteger> elements = new ArrayList<>();
        partition.chars().forEach(c -> elements.add(BigInteger.valueOf(c)));
        elements.add(BigInteger.valueOf(1 << 16));
        for (int block = 0; block * PrefixHash.BLOCK < length; block++) {
            int start = from + block * PrefixHash.BLOCK;
            int n = Math.min(PrefixHash.BLOCK, length - block * PrefixHash.BLOCK);
            int words = (n + 7) / 8;
            BigInteger sum = BigInteger.ZERO;
            for (int i = 0; i < words; i += 2) {
                BigInteger m = BigInteger.valueOf(word(body, start, n, i) + key[i]);
                BigInteger k = BigInteger.valueOf(word(body, start, n, i + 1) + key[i + 1]);
                sum = sum.add(m.multiply(k)).mod(TWO_128);
            }
            BigInteger low60 = BigInteger.ONE.shiftLeft(60).subtract(BigInteger.ONE);
            elements.add(sum.and(low60));
            elements.add(sum.shiftRight(60).and(low60));
            elements.add(sum.shiftRight(120));
        }
        elements.add(BigInteger.valueOf(length));
        return new Digest(poly(elements, x1), poly(elements, x2));
    }

    private static long word(byte[] body, int start, int n, int i) {
        long w = 0;
        for (int j = 7; j >= 0; j--) {
            int at = 8 * i + j;
            w = (w << 8) | (at < n ? body[start + at] & 0xFF : 0);
        }
        return w;
    }

    private static long poly(List<BigInteger> elements, long x) {
        BigInteger h = BigInteger.ZERO;
        for (BigInteger e : elements) {
            h = h.multiply(BigInteger.valueOf(x)).add(e).mod(PRIME);
        }
        return h.longValue();
    }

}
