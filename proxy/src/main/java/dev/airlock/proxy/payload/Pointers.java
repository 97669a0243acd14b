package dev.airlock.proxy.payload;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.Map;

/**
 * RFC 6901 pointers built from the parser's context chain, only for leaves that hold a finding (the chain is
 * already there, so nothing is tracked per token).
 *
 * <p>A member name that itself held a finding is written in its redacted form, so no pointer, report or log
 * line ever carries a secret that was used as a key.
 */
final class Pointers {

    private Pointers() {
    }

    /** Pointer of the current value: {@code /messages/3/content}; the empty string for a root value. */
    static String ofValue(JsonStreamContext ctx, Map<String, String> redactedKeys) {
        StringBuilder sb = new StringBuilder(32);
        append(sb, ctx, redactedKeys);
        return sb.toString();
    }

    /** Pointer of the object whose member name is current, for a finding in a key. */
    static String ofObject(JsonStreamContext ctx, Map<String, String> redactedKeys) {
        StringBuilder sb = new StringBuilder(32);
        append(sb, ctx.getParent(), redactedKeys);
        return sb.toString();
    }

    private static void append(StringBuilder sb, JsonStreamContext ctx, Map<String, String> redactedKeys) {
        if (ctx == null || ctx.inRoot()) {
            return;
        }
        append(sb, ctx.getParent(), redactedKeys); // depth is bounded by the nesting limit
        sb.append('/');
        if (ctx.inArray()) {
            sb.append(ctx.getCurrentIndex());
            return;
        }
        String name = ctx.getCurrentName();
        String shown = redactedKeys.getOrDefault(name, name);
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '~') {
                sb.append("~0");
            } else if (c == '/') {
                sb.append("~1");
            } else {
                sb.append(c);
            }
        }
    }
}
