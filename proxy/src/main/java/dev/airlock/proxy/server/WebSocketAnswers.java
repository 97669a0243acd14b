package dev.airlock.proxy.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.airlock.config.Restore;
import dev.airlock.proxy.inspect.Hit;
import dev.airlock.proxy.response.MessageRewrite;
import dev.airlock.proxy.response.ResponseScan;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the provider sends back on one proxied Responses WebSocket, text message by text message: rewritten as an HTTP
 * answer is ({@code response.action: redact}, then {@code policy.restore}) and read by the record-only scan. The
 * events after a client message are its answer (its turn): they are rewritten under the configuration that message
 * was scanned under, and their findings audited under its event id when the response ends ({@code response.completed},
 * {@code .failed}, {@code .incomplete}, {@code error}), when the next turn's first event arrives, or when the socket
 * ends. Events before the first message belong to the upgrade request.
 *
 * <p>Codex continues a conversation over one socket and sends only each turn's new items, so a secret redacted in one
 * message may come back in the answer to a later one: the placeholders every message of this socket was redacted
 * into are kept with their secrets — this socket's own, never another client's — at most {@value #MAX_PLACEHOLDERS},
 * the least recently sent dropped first, until the socket ends ({@code restore: off} keeps none). Confined to the
 * socket's event loop.
 */
final class WebSocketAnswers {

    private static final Logger log = LoggerFactory.getLogger(WebSocketAnswers.class);
    static final int MAX_PLACEHOLDERS = 1024;
    /** Fingerprints of replaced credentials kept per turn, to mark the audited findings redact. */
    private static final int MAX_REDACTED = 1024;
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> ENDINGS = Set.of("response.completed", "response.failed", "response.incomplete",
            "error");

    /** In order of the last message that carried each, so the eldest goes first. */
    private final LinkedHashMap<String, String> placeholders = new LinkedHashMap<>();
    /** The client's credentials from the handshake: the model's secret-printing calls are noted for it. */
    private final String partition;
    private final SocketAddress client;
    private final String user;
    private final String id;
    private Turn current;
    /** A message went to the provider since the last event: the next event starts its turn. */
    private Turn next;
    private boolean ended;
    /** Messages sent on whose responses have not ended yet. */
    private int responding;

    /** @param upgrade the upgrade request's exchange: its placeholders count, and early events are its answer */
    WebSocketAnswers(ProxyRuntime runtime, Exchange upgrade, String partition, SocketAddress client, String user,
                     String id) {
        this.partition = partition;
        this.client = client;
        this.user = user;
        this.id = id;
        current = turn(runtime, upgrade);
    }

    /** A client message, scanned under {@code runtime}, was sent on to the provider. */
    void forwarded(ProxyRuntime runtime, Exchange x) {
        responding++;
        next = turn(runtime, x);
    }

    private Turn turn(ProxyRuntime runtime, Exchange x) {
        if (runtime.restore() == Restore.OFF) {
            placeholders.clear(); // restore off keeps no secret
            return new Turn(runtime, x);
        }
        for (Map.Entry<String, String> e : x.placeholders.entrySet()) {
            placeholders.remove(e.getKey());
            placeholders.put(e.getKey(), e.getValue());
        }
        for (Iterator<String> it = placeholders.keySet().iterator(); placeholders.size() > MAX_PLACEHOLDERS; ) {
            it.next();
            it.remove();
        }
        return new Turn(runtime, x);
    }

    /**
     * What to send the client for one text message of the provider, in order: endings held from before, then the
     * message — the very same array when nothing in it changed.
     */
    List<byte[]> message(byte[] json) {
        if (next == null) {
            return current.message(json);
        }
        List<byte[]> out = new ArrayList<>(current.end());
        current = next;
        next = null;
        out.addAll(current.message(json));
        return out;
    }

    /** The messages for the last event are on their way: the scan catches up, and records when a response ended. */
    void sent() {
        if (current.sent() && responding > 0) {
            responding--;
        }
    }

    /** No response is under way: every message sent on has had its response end. */
    boolean quiet() {
        return responding == 0;
    }

    /** The provider's side ended: what is still held, to send before its close; the findings are recorded. Once. */
    List<byte[]> end() {
        if (ended) {
            return List.of();
        }
        ended = true;
        return current.end();
    }

    /** Whether this Responses event ends its response; its type comes first in every event, so little is read. */
    static boolean endsResponse(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equals(name)) {
                    return value == JsonToken.VALUE_STRING && ENDINGS.contains(p.getText());
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            // not JSON: ends nothing
        }
        return false;
    }

    /** The answer to one message: its rewrite, its scan and the credentials redaction replaced in it. */
    private final class Turn {

        private final ProxyRuntime runtime;
        private final Exchange x;
        private final MessageRewrite rewrite;
        private final Set<String> redacted = new HashSet<>();
        private ResponseScan scan;
        private boolean ends;

        Turn(ProxyRuntime runtime, Exchange x) {
            this.runtime = runtime;
            this.x = x;
            this.rewrite = MessageRewrite.of(runtime.responseRedaction(), this::redacted,
                    runtime.vault().only(placeholders), runtime.restore(), runtime.metrics()::restored);
            this.scan = runtime.inspector().messageScan(partition);
        }

        private void redacted(String ruleId, String fingerprint) {
            runtime.metrics().responseRedaction(ruleId);
            if (redacted.size() < MAX_REDACTED) {
                redacted.add(fingerprint);
            }
        }

        List<byte[]> message(byte[] json) {
            scan.feedMessage(json); // what the provider sent, before any rewrite, as over HTTP
            ends = endsResponse(json);
            return rewrite == null ? List.of(json) : rewrite.message(json);
        }

        /** Returns whether the event sent ended a response. */
        boolean sent() {
            if (ends) {
                ends = false;
                record();
                return true;
            }
            scan.scanIfDue();
            return false;
        }

        List<byte[]> end() {
            List<byte[]> held = rewrite == null ? List.of() : rewrite.finish();
            record();
            return held;
        }

        /** The findings so far are recorded; whatever the provider sends after is read by a new scan. */
        private void record() {
            List<Hit> found = scan.finish();
            scan = runtime.inspector().messageScan(partition);
            if (found.isEmpty()) {
                return;
            }
            Verdicts.recordResponse(runtime, x, found, redacted, client, user);
            redacted.clear();
            log.info("[{}] the WebSocket response on route {} holds credentials rules={} event={}", id, x.routeName(),
                    Verdicts.rules(found), x.eventId);
        }
    }
}
