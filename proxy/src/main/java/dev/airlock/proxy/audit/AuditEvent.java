package dev.airlock.proxy.audit;

import dev.airlock.proxy.inspect.Hit;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One request worth recording: it held findings, or could not be scanned. Metadata only: every field comes from
 * configuration, the connection, or the scanner's ids, places, lengths and keyed fingerprints — never a value.
 *
 * @param eventId   the id in the answer's {@code x-airlock-event-id} header and in the log line
 * @param client    the client's IP address
 * @param user      the authenticated proxy user, or null
 * @param path      the request path without its query, ids replaced by {@code {id}}; withheld when the path itself
 *                  held a credential
 * @param action    allow, audit, redact or block (the strictest taken)
 * @param status    the status Airlock answered with itself (400 for a block), or 0 when the request was forwarded
 * @param unscanned why the body went unscanned ({@code content_type}, …), or null
 * @param response  the findings are in what the model sent back (recorded, never blocked), not in the request
 */
public record AuditEvent(Instant time, String eventId, String client, String user, String route, String host,
                         String path, String provider, String action, int status, List<Hit> findings,
                         String unscanned, boolean response) {

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(eventId, "eventId");
        findings = List.copyOf(findings);
    }

    /** An event about a request. */
    public AuditEvent(Instant time, String eventId, String client, String user, String route, String host,
                      String path, String provider, String action, int status, List<Hit> findings, String unscanned) {
        this(time, eventId, client, user, route, host, path, provider, action, status, findings, unscanned, false);
    }
}
