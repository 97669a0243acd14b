package dev.airlock.proxy.payload;

/** Replace body bytes {@code [start, end)} with {@code bytes}. */
record Splice(int start, int end, byte[] bytes) {
}
