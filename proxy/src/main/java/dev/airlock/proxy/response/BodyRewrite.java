package dev.airlock.proxy.response;

/**
 * One stage an answer's body passes through on its way to the client: bytes in as the provider sent them, bytes out
 * as the client gets them, maybe fewer (held for now) or changed. Confined to one response's thread.
 */
public interface BodyRewrite {

    /** What to write to the client for this piece of the body: maybe less (something is held), maybe rewritten. */
    byte[] feed(byte[] bytes);

    /** The body ended: what is still held, rewritten where it can be. */
    byte[] finish();

    /** {@code first}, then {@code then} on what {@code first} lets through; either may be null (no such stage). */
    static BodyRewrite chain(BodyRewrite first, BodyRewrite then) {
        if (first == null || then == null) {
            return first == null ? then : first;
        }
        return new BodyRewrite() {
            @Override
            public byte[] feed(byte[] bytes) {
                return then.feed(first.feed(bytes));
            }

            @Override
            public byte[] finish() {
                byte[] rest = then.feed(first.finish());
                byte[] end = then.finish();
                if (end.length == 0) {
                    return rest;
                }
                byte[] both = new byte[rest.length + end.length];
                System.arraycopy(rest, 0, both, 0, rest.length);
                System.arraycopy(end, 0, both, rest.length, end.length);
                return both;
            }
        };
    }
}
