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
            List<Finding> rewrite = policy.judge(detector.scanField(name, h.value()), h.value(), where, signed, hits);
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
}
