package dev.airlock.proxy.response;

/** A compressed answer that cannot be decoded, or decodes past its bound. The message names no data. */
public final class ResponseDecodingException extends RuntimeException {

    public ResponseDecodingException(String message) {
        super(message, null, false, false);
    }
}
