package dev.airlock.proxy.server;

import dev.airlock.config.Action;
import dev.airlock.proxy.answer.ErrorKind;
import dev.airlock.proxy.audit.AuditEvent;
import dev.airlock.proxy.inspect.Hit;
import dev.airlock.proxy.inspect.Inspection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** Turns an inspected exchange into its audit event: where it came from and went, what was found, what was done. */
final class AuditEvents {

    /** A path segment kept as written: a word, not an id, a token or anything percent-encoded. */
    private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z][A-Za-z0-9._:@-]{0,63}");
    private static final int MAX_DIGITS = 5;

    private AuditEvents() {
    }

    static boolean worthRecording(Inspection result) {
        return !result.hits().isEmpty() || result.unscanned() != null;
    }

    static AuditEvent of(Exchange x, Inspection result, SocketAddress client, String user) {
        String action;
        int status;
        if (result instanceof Inspection.Refuse r) {
            action = r.kind() == ErrorKind.BLOCKED ? "block" : "error";
            status = r.kind().status();
        } else {
            action = ((Inspection.Forward) result).action().label();
            status = 0;
        }
        return new AuditEvent(Instant.now(), x.eventId,
                client instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : String.valueOf(client), user,
                x.routeName(), x.match.host(), pathTemplate(x.match.target(), result.hits()), x.dialect().label(), action,
                status, result.hits(), result.unscanned() == null ? null : result.unscanned().label());
    }

    static AuditEvent ofResponse(Exchange x, List<Hit> hits, SocketAddress client, String user) {
        return new AuditEvent(Instant.now(), x.eventId,
                client instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : String.valueOf(client), user,
                x.routeName(), x.match.host(), pathTemplate(x.match.target(), List.of()), x.dialect().label(),
                hits.stream().anyMatch(h -> h.action() == Action.REDACT) ? "redact" : "audit", 0, hits, null, true);
    }

    /**
     * The upstream path without its query, each segment that is not a plain word replaced by {@code {id}}: ids,
     * tokens and encoded text never reach the trail. A path that held a credential is withheld whole.
     */
    static String pathTemplate(String target, List<Hit> requestHits) {
        for (Hit h : requestHits) {
            if (h.location().startsWith("the URL path")) {
                return "{withheld: the path held a credential}";
            }
        }
        int q = target.indexOf('?');
        String[] segments = (q < 0 ? target : target.substring(0, q)).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (!segment.isEmpty() && !(PLAIN_SEGMENT.matcher(segment).matches() && digits(segment) <= MAX_DIGITS)) {
                segments[i] = "{id}";
            }
        }
        return String.join("/", segments);
    }

    private static int digits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}
