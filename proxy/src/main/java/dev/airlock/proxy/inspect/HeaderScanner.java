package dev.airlock.proxy.inspect;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Scans end-to-end request headers: each name, and each value judged with its name. The headers that carry the
 * provider credential (and cookies, which are credentials for the provider's own site) are expected and their values
 * skipped: they are how the client authenticates, not a leak. They are never logged either.
 */
final class HeaderScanner {

    static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "x-api-key",
            "api-key", "x-goog-api-key", "cookie", "ocp-apim-subscription-key", "x-amz-security-token");
    private static final String OPENAI_KEY_SUBPROTOCOL = "openai-insecure-api-key.";

    record Result(List<Header> headers, List<Hit> hits, int redactions, long scannedChars) {
    }

    private final Detector detector;
    private final Redactor redactor;
    private final Policy policy;

    HeaderScanner(Detector detector, Redactor redactor, Policy policy) {
        this.detector = detector;
        this.redactor = redactor;
        this.policy = policy;
    }

    Result scan(List<Header> headers, boolean signed) {
        List<Hit> hits = new ArrayList<>();
        List<Header> out = null;
        int redactions = 0;
        long chars = 0;
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            String name = h.name().toLowerCase(Locale.ROOT);
            // A name is client text too; a placeholder is no valid header name, so a finding there can only block.
            List<Finding> inName = detector.scan(h.name());
            policy.judge(inName, h.name(), "a header name", true, hits);
            String where = inName.isEmpty() ? "header " + name : "a header with a credential in its name";
            chars += h.name().length();
            if (CREDENTIAL_HEADERS.contains(name) || h.value().isEmpty()) {
                continue;
            }
            chars += h.value().length();
            List<Finding> found = name.equals("sec-websocket-protocol") ? subprotocolFindings(h.value())
                    : detector.scanField(name, h.value());
            List<Finding> rewrite = policy.judge(found, h.value(), where, signed, hits);
            if (!rewrite.isEmpty()) {
                if (out == null) {
                    out = new ArrayList<>(headers);
                }
                out.set(i, new Header(h.name(), redactor.redact(h.value(), rewrite)));
                redactions += rewrite.size();
            }
        }
        return new Result(out == null ? headers : out, hits, redactions, chars);
    }

    /**
     * A WebSocket's subprotocols, each scanned but the one a browser's Realtime client carries its OpenAI key in
     * ({@code openai-insecure-api-key.…}, the provider's own credential, as an {@code Authorization} header is).
     */
    private List<Finding> subprotocolFindings(String value) {
        List<Finding> out = new ArrayList<>();
        int start = 0;
        while (start <= value.length()) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? value.length() : comma;
            int from = start;
            while (from < end && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
                from++;
            }
            if (!value.startsWith(OPENAI_KEY_SUBPROTOCOL, from)) {
                for (Finding f : detector.scan(value.substring(from, end))) {
                    out.add(new Finding(f.ruleId(), f.start() + from, f.end() + from, f.confidence()));
                }
            }
            start = end + 1;
        }
        return out;
    }
}
