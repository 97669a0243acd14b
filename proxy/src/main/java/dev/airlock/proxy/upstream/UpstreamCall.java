package dev.airlock.proxy.upstream;

import io.netty.channel.Channel;

/** The client side's handle on one provider exchange: pull the next piece of the response, or give up. */
public final class UpstreamCall {

    private final UpstreamResponseRelay relay;
    private Channel channel;
    private boolean aborted;

    UpstreamCall(UpstreamResponseRelay relay) {
        this.relay = relay;
    }

    void attach(Channel ch) {
        this.channel = ch;
        if (aborted) {
            ch.close();
        }
    }

    /** Ask for the next piece of the response (backpressure: nothing is read until the client took the last one). */
    public void read() {
        if (channel != null && relay.isActiveFor(this)) {
            relay.readRequested();
            channel.read();
        }
    }

    /**
     * The client went away or the answer is no longer wanted: close the provider connection now, stop billing. Once
     * the response has ended the connection is no longer this call's (it may be back in the pool, serving another
     * call), so a late abort leaves it alone.
     */
    public void abort() {
        aborted = true;
        boolean owner = relay.isActiveFor(this);
        relay.detach(this);
        if (channel != null && owner) {
            channel.close();
        }
    }
}
