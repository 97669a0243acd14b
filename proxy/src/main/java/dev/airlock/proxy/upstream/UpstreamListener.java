package dev.airlock.proxy.upstream;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * The client side of one provider exchange. Every call happens on the event loop the client and the upstream
 * connection share.
 */
public interface UpstreamListener {

    /** The response head arrived (informational 1xx heads are not passed on). */
    void onResponseHead(HttpResponse head);

    /**
     * A piece of the body; the listener owns {@code content} and must release it (writing it does). Call
     * {@link UpstreamCall#read()} when ready for the next piece: nothing more is read until then.
     */
    void onContent(HttpContent content, boolean last);

    /**
     * The exchange failed. {@code responseStarted} tells whether {@link #onResponseHead} was already called (then
     * the client connection must be aborted, never ended cleanly).
     */
    void onFailure(UpstreamFailure failure, boolean responseStarted);
}
