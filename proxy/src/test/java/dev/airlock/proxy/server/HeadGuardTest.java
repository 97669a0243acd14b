package dev.airlock.proxy.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.airlock.proxy.server.HeadGuard.MalformedHeadException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpExpectationFailedEvent;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The guard in front of a real, strict {@link HttpRequestDecoder}, fed raw bytes split every possible way. */
class HeadGuardTest {

    private static final int MAX_HEAD =
            HttpObjectDecoder.DEFAULT_MAX_INITIAL_LINE_LENGTH + HttpObjectDecoder.DEFAULT_MAX_HEADER_SIZE;

    private static final String GET_A = "GET /a HTTP/1.1\r\nHost: example.test\r\n\r\n";
    private static final String GET_B = "GET /b HTTP/1.1\r\nHost: example.test\r\n\r\n";
    // Everything a body may legitimately hold, including what would be a violation in a head.
    private static final String NASTY_BODY = "{\"a\":1}\r\n \r\n\tX-Folded: yes\r\n\r\nbare\rCR\0NUL\u0001\u001b\u007f"
            + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n" + allBytes();

    @Test
    void plainGetIsDecodedAndPassedWithoutCopy() {
        try (Harness h = new Harness()) {
            h.feed(GET_A);

            assertThat(h.outcome()).isEqualTo(new Outcome(List.of("GET /a"), List.of(""), List.of(), List.of(), false,
                    GET_A));
            assertThat(h.passedBuffers).as("the very buffer that arrived goes on").hasSize(1)
                    .first().isSameAs(h.fed.get(0));
        }
    }

    @Test
    void bodyBytesAreNotScannedAndThePipelinedRequestAfterThemIs() {
        String post = post("/v1/messages", NASTY_BODY);
        try (Harness h = new Harness()) {
            h.feed(post + GET_B);

            assertThat(h.outcome()).isEqualTo(new Outcome(List.of("POST /v1/messages", "GET /b"),
                    List.of(NASTY_BODY, ""), List.of(), List.of(), false, post + GET_B));
        }
    }

    @Test
    void nettyAloneAcceptsObsFoldWhichIsWhyTheGuardExists() {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder(strict()));
        channel.writeInbound(Unpooled.copiedBuffer("GET /a HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n", ISO_8859_1));

        HttpRequest request = channel.readInbound();

        assertThat(request.decoderResult().isSuccess()).isTrue();
        assertThat(request.headers().get("X-A")).isEqualTo("one two");
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\t"})
    void obsFoldIsRejectedAndNeverDecoded(String whitespace) {
        String prefix = "GET /a HTTP/1.1\r\nHost: example.test\r\nAuthorization: Bearer first-half\r\n";
        try (Harness h = new Harness()) {
            h.feed(prefix + whitespace + "second-half\r\n\r\n");

            Outcome outcome = h.outcome();
            assertThat(outcome.requests()).isEmpty();
            assertThat(outcome.errors()).containsExactly("obs-fold (a header line starting with whitespace) in header"
                    + " line 3 (expected: each header on one line)");
            assertThat(outcome.passed()).as("nothing from the offending byte on").isEqualTo(prefix);
            assertThat(h.errors.get(0)).isInstanceOf(MalformedHeadException.class);
            assertThat(outcome.errors().get(0)).as("no header value in the message")
                    .doesNotContain("first-half").doesNotContain("second-half");
        }
    }

    static Stream<Arguments> malformedHeads() {
        String bareCr = "GET /a HTTP/1.1\r\nHost: example.test\r\nX-A: a\rb\r\n\r\n";
        String bareLf = "GET /a HTTP/1.1\r\nHost: example.test\nX-A: b\r\n\r\n";
        String crlf = " (expected: CRLF line endings)";
        String leadingWhitespace = "whitespace at the start of the request line (expected: the method first)";
        return Stream.of(
                arguments(bareCr, "bare CR in header line 2, at byte " + (bareCr.indexOf("a\rb") + 2)
                        + " of the request head" + crlf),
                arguments("GET /a HTTP/1.1\r\r\nHost: example.test\r\n\r\n",
                        "bare CR in the request line, at byte 16 of the request head" + crlf),
                arguments(bareLf, "bare LF in header line 1, at byte " + (bareLf.indexOf("test\n") + 5)
                        + " of the request head" + crlf),
                arguments("\r\r\n" + GET_A, "bare CR before the request line" + crlf),
                arguments("\n" + GET_A, "bare LF before the request line" + crlf),
                arguments("GET /a HTTP/1.1\r\nHost: example.test\r\nX-Api-Key: abc\0def\r\n\r\n",
                        "NUL byte in header line 2 (expected: visible ASCII and tabs)"),
                arguments(" GET /a HTTP/1.1\r\n\r\n", leadingWhitespace),
                arguments("\tGET /a HTTP/1.1\r\n\r\n", leadingWhitespace),
                arguments("\r\n GET /a HTTP/1.1\r\n\r\n", leadingWhitespace));
    }

    @ParameterizedTest
    @MethodSource("malformedHeads")
    void malformedHeadsAreRejectedAndNeverDecoded(String input, String message) {
        Outcome outcome = run(input);

        assertThat(outcome.requests()).isEmpty();
        assertThat(outcome.errors()).containsExactly(message);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x08, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F})
    void controlBytesAreRejectedInHeadersAndInTheRequestLine(int control) {
        String c = String.valueOf((char) control);

        assertThat(run("GET /a HTTP/1.1\r\nHost: example.test\r\nX-A: a" + c + "b\r\n\r\n").errors())
                .containsExactly(String.format("control byte 0x%02x in header line 2 (expected: visible ASCII and tabs)",
                        control));
        assertThat(run("GET /a" + c + " HTTP/1.1\r\nHost: example.test\r\n\r\n").errors())
                .containsExactly(String.format(
                        "control byte 0x%02x in the request line (expected: visible ASCII and tabs)", control));
    }

    @Test
    void tabsAndObsTextInsideAValueAreAllowed() {
        String request = "GET /a HTTP/1.1\r\nHost: example.test\r\nX-A: a\tb \u00e9\u00ff\r\n\r\n";

        assertThat(run(request)).isEqualTo(new Outcome(List.of("GET /a"), List.of(""), List.of(), List.of(), false,
                request));
    }

    @Test
    void leadingEmptyLinesAndContentLengthZeroLeaveTheNextHeadScanned() {
        String input = "\r\n\r\n" + GET_A + "\r\n" + post("/p", "xy") + "\r\n\r\n" + post("/z", "") + GET_B;

        assertThat(run(input)).isEqualTo(new Outcome(List.of("GET /a", "POST /p", "POST /z", "GET /b"),
                List.of("", "xy", "", ""), List.of(), List.of(), false, input));
        assertThat(run(input + " GET /c HTTP/1.1\r\n\r\n").errors()).hasSize(1);
    }

    @Test
    void aViolationInTheSecondHeadAfterABodyIsCaught() {
        String first = post("/a", NASTY_BODY);
        String secondPrefix = "GET /b HTTP/1.1\r\nHost: example.test\r\nX-A: a\r\n";

        Outcome outcome = run(first + secondPrefix + " b\r\n\r\n" + GET_A);

        assertThat(outcome.requests()).containsExactly("POST /a");
        assertThat(outcome.bodies()).containsExactly(NASTY_BODY);
        assertThat(outcome.errors()).containsExactly("obs-fold (a header line starting with whitespace) in header"
                + " line 3 (expected: each header on one line)");
        assertThat(outcome.passed()).isEqualTo(first + secondPrefix);
    }

    @Test
    void theBodyEndsExactlyWhereContentLengthSaysWithOwsAndAnyCase() {
        // Were the guard off by one, the fold would fall into the body or the head would start mid-line.
        String first = "POST /a HTTP/1.1\r\nHost: example.test\r\ncontent-LENGTH: \t 4 \t\r\n\r\nabcd";

        Outcome outcome = run(first + "GET /b HTTP/1.1\r\nX-A: a\r\n\tb\r\n\r\n");

        assertThat(outcome.bodies()).containsExactly("abcd");
        assertThat(outcome.errors()).containsExactly("obs-fold (a header line starting with whitespace) in header"
                + " line 2 (expected: each header on one line)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Content-Length: 4", "Content-Lengthy: 4", "Content-Lengt: 4", "Transfer-Encodings: x",
        "Sec-WebSocket-Key: k"})
    void lookalikeHeaderNamesDoNotFrameABody(String header) {
        String request = "GET /a HTTP/1.1\r\nHost: example.test\r\n" + header + "\r\n\r\n";

        // Had the guard taken a body of 4 here, it would skip the NULs and never complain.
        Outcome outcome = run(request + "\0\0\0\0" + GET_B);

        assertThat(outcome.opaque()).isFalse();
        assertThat(outcome.requests()).containsExactly("GET /a");
        assertThat(outcome.errors()).as("the next head starts at the first NUL")
                .containsExactly("NUL byte in the request line (expected: visible ASCII and tabs)");
    }

    @Test
    void chunkedMakesTheConnectionOpaqueAndLaterBytesPassUnscanned() {
        String head = "POST /c HTTP/1.1\r\nHost: example.test\r\nTransfer-Encoding: chunked\r\n\r\n";
        String rest = "5\r\nhello\r\n0\r\n\r\n" + "GET /d HTTP/1.1\r\nHost: example.test\r\nX-A: a\r\n folded\r\n\r\n";
        try (Harness h = new Harness()) {
            h.feed(head);
            assertThat(h.guard.opaque()).as("opaque as soon as the head ends").isTrue();

            h.feed(rest);

            // The decoder alone accepts the fold: this is why the caller closes an opaque connection.
            assertThat(h.outcome()).isEqualTo(new Outcome(List.of("POST /c", "GET /d"), List.of("hello", ""),
                    List.of(), List.of(), true, head + rest));
            assertThat(h.passedBuffers).usingElementComparator((a, b) -> a == b ? 0 : 1)
                    .as("the same buffers, untouched").containsExactlyElementsOf(h.fed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Transfer-Encoding: gzip", "transfer-encoding: chunked", "Content-Length: 5\r\nContent-Length: 5",
        "Content-Length: +5", "Content-Length: 5, 5", "Content-Length: 0x5", "Content-Length:", "Content-Length: 5 5",
        "Content-Length: 99999999999999999999", "Sec-WebSocket-Key1: 1\r\nSec-WebSocket-Key2: 2"})
    void framingTheGuardDoesNotFollowMakesTheConnectionOpaque(String framing) {
        String head = "POST /a HTTP/1.1\r\nHost: example.test\r\n" + framing + "\r\n\r\n";
        String later = "\0\0\0 GET / HTTP/1.1\r\n folded\r\n\r\n";

        Outcome outcome = run(head + later);

        assertThat(outcome.opaque()).isTrue();
        assertThat(outcome.errors()).as("nothing after the head is scanned").isEmpty();
        assertThat(outcome.passed()).isEqualTo(head + later);
    }

    @Test
    void anOversizedHeadIsLeftToTheDecodersLimit() {
        String head = "GET /a HTTP/1.1\r\nHost: example.test\r\nX-Big: " + "a".repeat(MAX_HEAD) + "\r\n\tfold\0\r\n\r\n";
        try (Harness h = new Harness()) {
            h.feed(head);

            Outcome outcome = h.outcome();
            assertThat(outcome.errors()).as("the guard does not reject by size").isEmpty();
            assertThat(outcome.opaque()).isTrue();
            assertThat(outcome.failures()).containsExactly(TooLongHttpHeaderException.class.getSimpleName());
            assertThat(outcome.requests()).isEmpty();
        }
    }

    @Test
    void theLimitCountsHeadBytesWithoutLineEndings() {
        // The second head is scanned only if the guard did not give up on the first.
        int firstHeadBytes = GET_A.replace("\r\n", "").length();
        String input = GET_A + "GET /b HTTP/1.1\r\nX-A: \0\r\n\r\n";

        try (Harness atLimit = new Harness(firstHeadBytes); Harness overLimit = new Harness(firstHeadBytes - 1)) {
            atLimit.feed(input);
            overLimit.feed(input);

            assertThat(atLimit.outcome().errors())
                    .containsExactly("NUL byte in header line 1 (expected: visible ASCII and tabs)");
            assertThat(atLimit.guard.opaque()).isFalse();
            assertThat(overLimit.outcome().errors()).isEmpty();
            assertThat(overLimit.guard.opaque()).isTrue();
        }
    }

    @Test
    void afterARejectionNothingMoreIsPassedAndEverythingIsReleased() {
        try (Harness h = new Harness()) {
            h.feed("GET /a HTTP/1.1\r\nHost: example.test\r\n");
            h.feed(" folded\r\n\r\n");
            h.feed(GET_B);

            Outcome outcome = h.outcome();
            assertThat(outcome.errors()).hasSize(1);
            assertThat(outcome.requests()).isEmpty();
            assertThat(h.passedBuffers).as("only the clean first buffer").hasSize(1);
            assertThat(h.fed.get(1).refCnt()).as("offending from its first byte: released whole").isZero();
            assertThat(h.fed.get(2).refCnt()).as("dropped on arrival").isZero();
        }
    }

    @Test
    void aDecoderResetOnFailedExpectationMakesTheConnectionOpaque() {
        try (Harness h = new Harness()) {
            h.feed("POST /a HTTP/1.1\r\nHost: example.test\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n");
            assertThat(h.guard.opaque()).isFalse();

            h.channel.pipeline().fireUserEventTriggered(HttpExpectationFailedEvent.INSTANCE);

            assertThat(h.guard.opaque()).isTrue();
            assertThat(h.guard.locatesHeadAfter(1)).as("the decoder re-frames the body: close after it").isFalse();
        }
    }

    @Test
    void headsBeforeTheOneTheGuardCannotFollowKeepTheirConnection() {
        String chunked = "POST /c HTTP/1.1\r\nHost: example.test\r\nTransfer-Encoding: chunked\r\n\r\n";
        try (Harness h = new Harness()) {
            assertThat(h.guard.locatesHeadAfter(1)).isTrue();

            // Scanned in one read, ahead of the decoder: the first two heads were followed to the next exactly.
            h.feed(GET_A + GET_B + chunked + "0\r\n\r\n");

            assertThat(h.guard.opaque()).isTrue();
            assertThat(h.guard.locatesHeadAfter(1)).isTrue();
            assertThat(h.guard.locatesHeadAfter(2)).isTrue();
            assertThat(h.guard.locatesHeadAfter(3)).as("where the chunked body ends is not known").isFalse();
        }
    }

    @Test
    void anOversizedHeadEndsTheConnectionAfterItself() {
        String big = "GET /big HTTP/1.1\r\nX-Big: " + "a".repeat(MAX_HEAD) + "\r\n\r\n";
        try (Harness h = new Harness()) {
            h.feed(GET_A + big);

            assertThat(h.guard.locatesHeadAfter(1)).isTrue();
            assertThat(h.guard.locatesHeadAfter(2)).isFalse();
        }
    }

    @Test
    void maxHeadBytesMustBePositive() {
        assertThatThrownBy(() -> new HeadGuard(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxHeadBytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void everySplitGivesTheSameOutcome(int scenario) {
        byte[] input = bytes(List.of(
                post("/a", NASTY_BODY) + "\r\n" + GET_B,
                post("/a", NASTY_BODY) + "GET /b HTTP/1.1\r\nHost: example.test\r\nX-A: a\r\n\tb\r\n\r\n",
                post("/a", "xy") + "GET /b HTTP/1.1\r\nHost: example.test\r\nX-A: a\rb\r\n\r\n",
                GET_A + "GET /b HTTP/1.1\r\nHost: example.test\r\r\n\r\n",
                "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + GET_B,
                "\r\n\r\n" + GET_A + "\r\n" + GET_B,
                GET_A + "\r\n\r\n\n" + GET_B).get(scenario));
        Outcome whole = run(input);
        assertThat(whole.requests()).isNotEmpty();

        for (int split = 1; split < input.length; split++) {
            Outcome outcome = run(Arrays.copyOfRange(input, 0, split), Arrays.copyOfRange(input, split, input.length));
            assertThat(outcome).as("split at %d", split).isEqualTo(whole);
        }
        byte[][] single = new byte[input.length][];
        for (int i = 0; i < input.length; i++) {
            single[i] = new byte[] {input[i]};
        }
        assertThat(run(single)).as("byte by byte").isEqualTo(whole);
    }

    private static Outcome run(String input) {
        return run(bytes(input));
    }

    private static Outcome run(byte[]... chunks) {
        try (Harness h = new Harness()) {
            for (byte[] chunk : chunks) {
                h.feed(chunk);
            }
            return h.outcome();
        }
    }

    private static String post(String uri, String body) {
        return "POST " + uri + " HTTP/1.1\r\nHost: example.test\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static HttpDecoderConfig strict() {
        return new HttpDecoderConfig().setStrictLineParsing(true);
    }

    private static String allBytes() {
        char[] all = new char[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (char) i;
        }
        return new String(all);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(ISO_8859_1);
    }

    /** Decoded requests and bodies, decoder failures, exceptions, the guard's opacity, bytes let through. */
    record Outcome(List<String> requests, List<String> bodies, List<String> failures, List<String> errors,
            boolean opaque, String passed) {
    }

    /** One connection: guard, a tap recording what the guard passes on, the decoder, an exception collector. */
    private static final class Harness implements AutoCloseable {
        final HeadGuard guard;
        final EmbeddedChannel channel;
        final List<ByteBuf> fed = new ArrayList<>();
        final List<Object> passedBuffers = new ArrayList<>();
        final ByteArrayOutputStream passed = new ByteArrayOutputStream();
        final List<Throwable> errors = new ArrayList<>();
        final List<String> requests = new ArrayList<>();
        final List<StringBuilder> bodies = new ArrayList<>();
        final List<String> failures = new ArrayList<>();

        Harness() {
            this(MAX_HEAD);
        }

        Harness(int maxHeadBytes) {
            guard = new HeadGuard(maxHeadBytes);
            ChannelInboundHandlerAdapter tap = new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    passedBuffers.add(msg);
                    passed.writeBytes(ByteBufUtil.getBytes((ByteBuf) msg));
                    ctx.fireChannelRead(msg);
                }
            };
            ChannelInboundHandlerAdapter collector = new ChannelInboundHandlerAdapter() {
                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    errors.add(cause);
                }
            };
            channel = new EmbeddedChannel(guard, tap, new HttpRequestDecoder(strict()), collector);
        }

        void feed(String s) {
            feed(bytes(s));
        }

        void feed(byte[] chunk) {
            // Alternate heap and direct buffers: forEachByte takes different paths for each.
            ByteBuf buf = fed.size() % 2 == 0 ? Unpooled.buffer(chunk.length) : Unpooled.directBuffer(chunk.length);
            buf.writeBytes(chunk);
            fed.add(buf);
            channel.writeInbound(buf);
        }

        Outcome outcome() {
            for (Object msg = channel.readInbound(); msg != null; msg = channel.readInbound()) {
                try {
                    record(msg);
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }
            return new Outcome(List.copyOf(requests), bodies.stream().map(StringBuilder::toString).toList(),
                    List.copyOf(failures), errors.stream().map(Throwable::getMessage).toList(), guard.opaque(),
                    passed.toString(ISO_8859_1));
        }

        private void record(Object msg) {
            if (msg instanceof HttpRequest request) {
                if (request.decoderResult().isSuccess()) {
                    requests.add(request.method() + " " + request.uri());
                    bodies.add(new StringBuilder());
                } else {
                    failures.add(request.decoderResult().cause().getClass().getSimpleName());
                }
            } else if (msg instanceof HttpContent content) {
                if (content.decoderResult().isSuccess()) {
                    bodies.get(bodies.size() - 1).append(content.content().toString(ISO_8859_1));
                } else {
                    failures.add(content.decoderResult().cause().getClass().getSimpleName());
                }
            }
        }

        @Override
        public void close() {
            outcome();
            channel.finishAndReleaseAll();
            assertThat(fed).as("every buffer fed in is released").allSatisfy(b -> assertThat(b.refCnt()).isZero());
        }
    }
}
