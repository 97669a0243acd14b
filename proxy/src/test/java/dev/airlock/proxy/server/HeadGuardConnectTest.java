package dev.airlock.proxy.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard's CONNECT hold: after a {@code CONNECT} head every byte is kept back for whoever answers the CONNECT
 * (a client may send its TLS ClientHello before the 200), so neither the guard's own checks nor the decoder ever see
 * tunnel bytes as HTTP. Every buffer the guard allocates or is fed is checked for release.
 */
class HeadGuardConnectTest {

    private static final int MAX_HEAD =
            HttpObjectDecoder.DEFAULT_MAX_INITIAL_LINE_LENGTH + HttpObjectDecoder.DEFAULT_MAX_HEADER_SIZE;
    private static final int MAX_HELD = 64 * 1024;

    private static final String CONNECT = "CONNECT api.example.test:443 HTTP/1.1\r\nHost: api.example.test:443\r\n"
            + "User-Agent: test\r\n\r\n";
    private static final String GET_A = "GET /a HTTP/1.1\r\nHost: example.test\r\n\r\n";
    private static final String GET_B = "GET /b HTTP/1.1\r\nHost: example.test\r\n\r\n";

    @Test
    void theHeadGoesOnAndTheTlsBytesBehindItInTheSameReadAreHeld() {
        byte[] hello = clientHello(new Random(1), 300);
        try (Harness h = new Harness()) {
            h.feed(concat(bytes(CONNECT), hello));

            assertThat(h.passedText()).as("exactly the head").isEqualTo(CONNECT);
            assertThat(h.passedBuffers).as("the buffer that arrived, narrowed to the head").hasSize(1)
                    .first().isSameAs(h.fed.get(0));
            assertThat(h.errors).as("no control-byte rejection of the ClientHello").isEmpty();
            assertThat(h.requests()).containsExactly("CONNECT api.example.test:443");
            assertThat(h.guard.opaque()).isFalse();
            assertThat(h.take()).as("the held bytes").isEqualTo(hello);
            assertThat(h.channel.isOpen()).isTrue();
        }
    }

    @Test
    void bytesInLaterReadsAreHeldTooAndNeverPassedOn() {
        byte[] hello = clientHello(new Random(2), 900);
        try (Harness h = new Harness()) {
            h.feed(concat(bytes(CONNECT), Arrays.copyOfRange(hello, 0, 100)));
            h.feed(Arrays.copyOfRange(hello, 100, 500));
            h.feed(Arrays.copyOfRange(hello, 500, hello.length));

            assertThat(h.passedText()).isEqualTo(CONNECT);
            assertThat(h.passedBuffers).hasSize(1);
            assertThat(h.errors).isEmpty();
            assertThat(h.fed.get(1).refCnt()).as("kept, not released, until the taker releases it").isOne();
            assertThat(h.take()).isEqualTo(hello);
        }
    }

    @Test
    void aConnectHeadAloneHoldsAnEmptyBufferAndThenEverythingAfterIt() {
        byte[] hello = clientHello(new Random(3), 64);
        try (Harness h = new Harness()) {
            h.feed(bytes(CONNECT));
            assertThat(h.passedText()).isEqualTo(CONNECT);

            ByteBuf empty = h.guard.takeHeld();
            assertThat(empty).as("a CONNECT was seen, nothing came behind it").isNotNull();
            assertThat(empty.readableBytes()).isZero();
            empty.release();
            assertThat(h.guard.takeHeld()).as("taken once").isNull();
        }
        try (Harness h = new Harness()) {
            h.feed(bytes(CONNECT));
            h.feed(hello);

            assertThat(h.passedText()).isEqualTo(CONNECT);
            assertThat(h.take()).isEqualTo(hello);
        }
    }

    @Test
    void nothingIsHeldWithoutAConnect() {
        try (Harness h = new Harness()) {
            h.feed(GET_A + GET_B);

            assertThat(h.guard.takeHeld()).isNull();
            assertThat(h.requests()).containsExactly("GET /a", "GET /b");
        }
    }

    @Test
    void aGetHeadIsUnaffectedAndThePipelinedRequestAfterItPassesThrough() {
        try (Harness h = new Harness()) {
            h.feed(GET_A + GET_B);

            assertThat(h.passedText()).isEqualTo(GET_A + GET_B);
            assertThat(h.passedBuffers).as("the very buffer, whole").containsExactly(h.fed.get(0));
            assertThat(h.errors).isEmpty();
            assertThat(h.guard.takeHeld()).isNull();
        }
    }

    @Test
    void aConnectPipelinedBehindAGetIsHeldFromItsEnd() {
        byte[] hello = clientHello(new Random(4), 200);
        try (Harness h = new Harness()) {
            h.feed(concat(bytes(GET_A + CONNECT), hello));

            assertThat(h.passedText()).isEqualTo(GET_A + CONNECT);
            assertThat(h.requests()).containsExactly("GET /a", "CONNECT api.example.test:443");
            assertThat(h.take()).isEqualTo(hello);
        }
    }

    @Test
    void aConnectHeadSplitAtEveryBytePositionStillHoldsExactlyTheTrailingBytes() {
        byte[] hello = clientHello(new Random(5), 40);
        byte[] input = concat(bytes(CONNECT), hello);

        for (int split = 1; split < input.length; split++) {
            try (Harness h = new Harness()) {
                h.feed(Arrays.copyOfRange(input, 0, split));
                h.feed(Arrays.copyOfRange(input, split, input.length));

                assertThat(h.passedText()).as("passed, split at %d", split).isEqualTo(CONNECT);
                assertThat(h.errors).as("errors, split at %d", split).isEmpty();
                assertThat(h.take()).as("held, split at %d", split).isEqualTo(hello);
            }
        }
        try (Harness h = new Harness()) {
            for (byte b : input) {
                h.feed(new byte[] {b});
            }
            assertThat(h.passedText()).as("byte by byte").isEqualTo(CONNECT);
            assertThat(h.errors).isEmpty();
            assertThat(h.take()).isEqualTo(hello);
        }
    }

    @Test
    void emptyLinesBeforeTheConnectLineDoNotHideIt() {
        byte[] hello = clientHello(new Random(6), 50);
        try (Harness h = new Harness()) {
            h.feed(concat(bytes("\r\n\r\n" + CONNECT), hello));

            assertThat(h.errors).isEmpty();
            assertThat(h.take()).isEqualTo(hello);
        }
    }

    @Test
    void exactly64KiBMayBeHeld() {
        Random r = new Random(7);
        try (Harness h = new Harness()) {
            h.feed(concat(bytes(CONNECT), clientHello(r, 1000)));
            h.feed(random(r, MAX_HELD - 1000 - 1));
            h.feed(random(r, 1));

            assertThat(h.channel.isOpen()).isTrue();
            assertThat(h.take()).hasSize(MAX_HELD);
        }
    }

    @Test
    void aLaterReadTakingTheHeldBytesPast64KiBClosesTheConnection() {
        Random r = new Random(8);
        try (Harness h = new Harness()) {
            h.feed(concat(bytes(CONNECT), clientHello(r, 1000)));
            h.feed(random(r, MAX_HELD - 1000));
            assertThat(h.channel.isOpen()).isTrue();

            h.feed(random(r, 1));

            assertThat(h.channel.isOpen()).as("one byte over the limit").isFalse();
            assertThat(h.fed.get(2).refCnt()).as("the excess is released at once").isZero();
            assertThat(h.passedText()).as("nothing but the head ever went on").isEqualTo(CONNECT);
            assertThat(h.errors).isEmpty();
        }
    }

    @Test
    void moreThan64KiBBehindTheHeadInTheSameReadClosesTheConnectionToo() {
        // The limit holds whatever the read boundaries: the head goes on as usual, the excess closes.
        try (Harness h = new Harness()) {
            h.feed(concat(bytes(CONNECT), random(new Random(9), MAX_HELD + 1)));

            assertThat(h.channel.isOpen()).isFalse();
            assertThat(h.passedText()).isEqualTo(CONNECT);
            assertThat(h.errors).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONNECTX / HTTP/1.1", "connect api.example.test:443 HTTP/1.1",
        "Connect api.example.test:443 HTTP/1.1", "CONNEC api.example.test:443 HTTP/1.1",
        "XCONNECT api.example.test:443 HTTP/1.1", "CONNECTapi.example.test:443 HTTP/1.1"})
    void onlyTheExactUppercaseMethodFollowedByASpaceIsAConnect(String requestLine) {
        String head = requestLine + "\r\nHost: api.example.test:443\r\n\r\n";
        try (Harness h = new Harness()) {
            h.feed(head + GET_B);

            assertThat(h.guard.takeHeld()).as("nothing held").isNull();
            assertThat(h.passedText()).as("the next head is passed on like any other").isEqualTo(head + GET_B);
            assertThat(h.errors).isEmpty();
        }
        try (Harness h = new Harness()) {
            h.feed(concat(bytes(head), clientHello(new Random(10), 30)));

            assertThat(h.guard.takeHeld()).isNull();
            assertThat(h.passedText()).as("the TLS bytes are scanned as a head, and stopped").isEqualTo(head);
            assertThat(h.errors).containsExactly("control byte 0x16 in the request line (expected: visible ASCII and tabs)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONNECT\tapi.example.test:443 HTTP/1.1", "CONNECT  api.example.test:443 HTTP/1.1",
        "CONNECT api.example.test:443 HTTP/1.0"})
    void everyRequestLineTheDecoderReadsAsAConnectIsHeld(String requestLine) {
        // Netty ends the method at SP or HTAB, strict line parsing or not: the guard must agree, or it would scan
        // tunnel bytes as heads and the decoder would read them as pipelined requests.
        String head = requestLine + "\r\nHost: api.example.test:443\r\n\r\n";
        byte[] hello = clientHello(new Random(14), 30);
        try (Harness h = new Harness()) {
            h.feed(concat(bytes(head), hello));

            assertThat(h.requests()).containsExactly("CONNECT api.example.test:443");
            assertThat(h.passedText()).isEqualTo(head);
            assertThat(h.errors).isEmpty();
            assertThat(h.take()).isEqualTo(hello);
        }
    }

    @Test
    void heldBytesAreReleasedWhenTheGuardIsRemovedWithoutBeingTaken() {
        Random r = new Random(11);
        try (Harness h = new Harness(false)) {
            h.feed(concat(bytes(CONNECT), clientHello(r, 500)));
            h.feed(random(r, 700));
            assertThat(h.alloc.allocated).as("the guard's hold, alive").isNotEmpty()
                    .allSatisfy(b -> assertThat(b.refCnt()).isPositive());

            h.channel.pipeline().remove(h.guard);

            assertThat(h.alloc.allocated).as("released by handlerRemoved")
                    .allSatisfy(b -> assertThat(b.refCnt()).isZero());
            assertThat(h.fed.get(1).refCnt()).as("the later read, held whole").isZero();
        }
    }

    @Test
    void heldBytesAreReleasedWhenTheConnectionClosesWithoutThemBeingTaken() {
        Random r = new Random(12);
        Harness h = new Harness(false);
        h.feed(concat(bytes(CONNECT), clientHello(r, 500)));
        h.feed(random(r, 700));

        h.close(); // finishes the channel, which removes every handler; asserts every buffer is released
        assertThat(h.alloc.allocated).isNotEmpty().allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void takenBytesBelongToTheTakerAndRemovingTheGuardLeavesThemAlone() {
        byte[] hello = clientHello(new Random(13), 500);
        try (Harness h = new Harness()) {
            h.feed(concat(bytes(CONNECT), Arrays.copyOfRange(hello, 0, 200)));
            h.feed(Arrays.copyOfRange(hello, 200, hello.length));
            ByteBuf taken = h.guard.takeHeld();

            h.channel.pipeline().remove(h.guard);

            assertThat(taken.refCnt()).as("not released twice").isOne();
            assertThat(ByteBufUtil.getBytes(taken)).isEqualTo(hello);
            taken.release();
        }
    }

    /** A TLS record header (handshake, TLS 1.0 record version) and ClientHello-like bytes full of control bytes. */
    private static byte[] clientHello(Random r, int length) {
        byte[] b = random(r, length);
        byte[] prefix = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0x00, 0x0d, 0x0a,
            0x7f, 0x0a, 0x0d, 0x00};
        System.arraycopy(prefix, 0, b, 0, Math.min(prefix.length, length));
        return b;
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(ISO_8859_1);
    }

    /** Records every buffer it hands out, so a test can check the guard released what it allocated. */
    private static final class RecordingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> allocated = new ArrayList<>();

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return record(Unpooled.buffer(initialCapacity, maxCapacity));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return record(Unpooled.directBuffer(initialCapacity, maxCapacity));
        }

        @Override
        public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
            return record(super.compositeHeapBuffer(maxNumComponents));
        }

        @Override
        public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
            return record(super.compositeDirectBuffer(maxNumComponents));
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        private <T extends ByteBuf> T record(T buf) {
            allocated.add(buf);
            return buf;
        }
    }

    /** One connection: guard, a tap recording what the guard passes on, a strict decoder, an exception collector. */
    private static final class Harness implements AutoCloseable {
        final RecordingAllocator alloc = new RecordingAllocator();
        final HeadGuard guard = new HeadGuard(MAX_HEAD);
        final EmbeddedChannel channel = new EmbeddedChannel();
        final List<ByteBuf> fed = new ArrayList<>();
        final List<Object> passedBuffers = new ArrayList<>();
        final ByteArrayOutputStream passed = new ByteArrayOutputStream();
        final List<String> errors = new ArrayList<>();
        private final List<String> requests = new ArrayList<>();

        Harness() {
            this(true);
        }

        /** Without the decoder, every buffer the allocator hands out is the guard's own. */
        Harness(boolean decoder) {
            channel.config().setAllocator(alloc);
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
                    errors.add(cause.getMessage());
                }
            };
            channel.pipeline().addLast(guard, tap);
            if (decoder) {
                channel.pipeline().addLast(new HttpRequestDecoder(new HttpDecoderConfig().setStrictLineParsing(true)));
            }
            channel.pipeline().addLast(collector);
        }

        void feed(String s) {
            feed(bytes(s));
        }

        void feed(byte[] chunk) {
            // Alternate heap and direct buffers, as the guard's scan takes different paths for each.
            ByteBuf buf = fed.size() % 2 == 0 ? Unpooled.buffer(chunk.length) : Unpooled.directBuffer(chunk.length);
            buf.writeBytes(chunk);
            fed.add(buf);
            channel.writeInbound(buf);
        }

        String passedText() {
            return passed.toString(ISO_8859_1);
        }

        /** The held bytes, taken and released. */
        byte[] take() {
            ByteBuf held = guard.takeHeld();
            assertThat(held).as("held bytes").isNotNull();
            try {
                return ByteBufUtil.getBytes(held);
            } finally {
                held.release();
            }
        }

        List<String> requests() {
            for (Object msg = channel.readInbound(); msg != null; msg = channel.readInbound()) {
                try {
                    if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
                        requests.add(request.method() + " " + request.uri());
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }
            return List.copyOf(requests);
        }

        @Override
        public void close() {
            requests();
            channel.finishAndReleaseAll();
            assertThat(fed).as("every buffer fed in is released").allSatisfy(b -> assertThat(b.refCnt()).isZero());
            assertThat(alloc.allocated).as("every buffer the guard allocated is released")
                    .allSatisfy(b -> assertThat(b.refCnt()).isZero());
        }
    }
}
