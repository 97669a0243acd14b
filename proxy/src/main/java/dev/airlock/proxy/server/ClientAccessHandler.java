package dev.airlock.proxy.server;

import dev.airlock.proxy.answer.ErrorKind;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request through only from an allowed client address with good proxy credentials ({@code access.clients},
 * {@code access.users}); anything else is answered 403 or 407 and the connection closes. A credential not seen
 * before is checked with bcrypt on the scan threads, and the messages that arrive meanwhile wait here, with socket
 * reads paused. Requests inside an opened tunnel do not pass here: the {@code CONNECT} that opened it did, and the
 * connection keeps its {@link ProxyAccess.Admission} so a reload that revokes it can close the tunnel.
 */
final class ClientAccessHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientAccessHandler.class);

    /** The configuration each request is checked against: the current one, so a reload revokes at once. */
    private final Supplier<ProxyRuntime> runtimes;
    private ProxyAccess access;
    private ReadGate gate;
    /** Messages held while a credential is being checked; null when none is. */
    private ArrayDeque<Object> held;
    private boolean refused;

    ClientAccessHandler(Supplier<ProxyRuntime> runtimes) {
        this.runtimes = runtimes;
        this.access = runtimes.get().access();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        gate = ctx.pipeline().get(ReadGate.class);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
        } else if (held != null) {
            held.add(msg);
        } else if (msg instanceof HttpRequest head) {
            admit(ctx, head);
        } else {
            ctx.fireChannelRead(msg); // the body of an admitted request
        }
    }

    private void admit(ChannelHandlerContext ctx, HttpRequest head) {
        access = runtimes.get().access();
        if (!access.clientAllowed(((InetSocketAddress) ctx.channel().remoteAddress()).getAddress())) {
            ReferenceCountUtil.release(head);
            refuse(ctx, ErrorKind.FORBIDDEN, "this client's address may not use Airlock (access.clients)");
            return;
        }
        String credentials = head.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION);
        switch (access.quick(credentials)) {
            case ALLOWED -> {
                ctx.channel().attr(ProxyAccess.ADMISSION).set(access.admission(credentials));
                ctx.fireChannelRead(head);
            }
            case DENIED -> {
                ReferenceCountUtil.release(head);
                refuse(ctx, ErrorKind.PROXY_AUTH_REQUIRED, authRequired());
            }
            case UNKNOWN -> verify(ctx, head, credentials);
        }
    }

    private void verify(ChannelHandlerContext ctx, HttpRequest head, String credentials) {
        held = new ArrayDeque<>();
        held.add(head);
        gate.close();
        try {
            ProxyAccess.VERIFIER.execute(() -> {
                boolean ok = access.verify(credentials);
                ctx.executor().execute(() -> verified(ctx, ok, credentials));
            });
        } catch (RejectedExecutionException e) {
            releaseHeld();
            refuse(ctx, ErrorKind.OVERLOADED, "Airlock is too busy to check proxy credentials; retry shortly.");
        }
    }

    private void verified(ChannelHandlerContext ctx, boolean ok, String credentials) {
        if (held == null) {
            return; // the connection closed meanwhile
        }
        if (!ok) {
            String user = access.knownUser(credentials);
            log.info("[{}] proxy credentials refused for {}", ctx.channel().id().asShortText(),
                    user == null ? "an unknown user" : "user " + user);
            releaseHeld();
            refuse(ctx, ErrorKind.PROXY_AUTH_REQUIRED, authRequired());
            return;
        }
        ArrayDeque<Object> replay = held;
        held = null;
        // Open before replaying: the exchange closes the gate again itself if the replay completes a request.
        gate.open();
        if (runtimes.get().access() == access) {
            ctx.channel().attr(ProxyAccess.ADMISSION).set(access.admission(credentials));
            ctx.fireChannelRead(replay.poll()); // the verified head
        } else {
            channelRead(ctx, replay.poll()); // a reload came meanwhile: the head is checked again, against it
        }
        while (!replay.isEmpty()) {
            // A request pipelined behind it is a request of its own: checked with its own credentials (and held
            // again while they are verified), never waved through on its predecessor's.
            channelRead(ctx, replay.poll());
        }
        ctx.fireChannelReadComplete();
    }

    /**
     * Stops reading and passes the refusal on in the request's place: the exchange handler answers it in turn, after
     * the answers of requests pipelined before it, then closes.
     */
    private void refuse(ChannelHandlerContext ctx, ErrorKind kind, String message) {
        refused = true;
        ctx.channel().config().setAutoRead(false);
        ctx.fireChannelRead(new Refusal(kind, message));
    }

    /** An access refusal travelling down the pipeline where the refused request would have gone. */
    record Refusal(ErrorKind kind, String message) {
    }

    private static String authRequired() {
        return "Airlock needs proxy credentials (expected: Proxy-Authorization: Basic for a user in access.users)";
    }

    private void releaseHeld() {
        if (held != null) {
            held.forEach(ReferenceCountUtil::release);
            held = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }
}
