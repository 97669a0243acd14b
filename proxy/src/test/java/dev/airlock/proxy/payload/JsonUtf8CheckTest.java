package dev.airlock.proxy.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The UTF-8 check agrees with the JDK's strict decoder, byte for byte. */
class JsonUtf8CheckTest {

    @Provide
    Arbitrary<byte[]> bytes() {
        // Mostly bytes around the interesting boundaries, so that valid sequences do turn up.
        Arbitrary<Byte> interesting = Arbitraries.of(0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF).map(i -> (byte) (int) i);
        return Arbitraries.oneOf(interesting, Arbitraries.bytes()).array(byte[].class).ofMaxSize(20);
    }

    @Property(tries = 3000)
    void agreesWithTheJdkDecoder(@ForAll("bytes") byte[] b) {
        boolean jdk = decodesStrictly(b);

        PayloadException e = catchThrowableOfType(PayloadException.class, () -> Utf8Check.validate(b));

        assertThat(e == null).as("accepted").isEqualTo(jdk);
    }

    @Property(tries = 300)
    void acceptsEveryWellFormedString(@ForAll String s) throws Exception {
        // jqwik's strings may hold lone surrogates, which have no UTF-8 form: the JDK writes '?' for them.
        Utf8Check.validate(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void boundaryCodePointsAreAccepted() throws Exception {
        for (String s : List.of("\u007f", "\u0080", "\u07ff", "\u0800", "\ud7ff", "\ue000", "\uffff",
                new String(Character.toChars(0x10000)), new String(Character.toChars(0x10FFFF)),
                "ascii only, longer than eight bytes so the fast path runs, then é")) {
            Utf8Check.validate(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static boolean decodesStrictly(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
