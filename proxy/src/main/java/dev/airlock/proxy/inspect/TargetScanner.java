package dev.airlock.proxy.inspect;

import dev.airlock.detector.Detector;
import dev.airlock.detector.Finding;
import dev.airlock.detector.Redactor;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scans the request target: the path (which cannot be changed without changing what is asked for, so findings
 * there are unredactable) and each query parameter's name and value (decoded, the value judged with its name, both
 * re-encoded when redacted). The provider's own key parameter is expected, not a leak.
 */
final class TargetScanner {

    /** Query parameters that carry the provider credential itself (Gemini's {@code ?key=}). */
    private static final Set<String> CREDENTIAL_PARAMS = Set.of("key", "api_key", "api-key");

    record Result(String target, List<Hit> hits, int redactions, long scannedChars) {
    }

    private final Detector detector;
    private final Redactor redactor;
    private final Policy policy;

    TargetScanner(Detector detector, Redactor redactor, Policy policy) {
        this.detector = detector;
        this.redactor = redactor;
        this.policy = policy;
    }

    Result scan(String target, boolean signed) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        List<Hit> hits = new ArrayList<>();
        String decodedPath = decode(path, false);
        policy.judge(detector.scan(decodedPath), decodedPath, "the URL path", true, hits);
        if (q < 0) {
            return new Result(target, hits, 0, path.length());
        }
        String[] params = target.substring(q + 1).split("&", -1);
        int redactions = 0;
        boolean changed = false;
        for (int i = 0; i < params.length; i++) {
            String param = params[i];
            int eq = param.indexOf('=');
            String rawName = eq < 0 ? param : param.substring(0, eq);
            String rawValue = eq < 0 ? null : param.substring(eq + 1);
            String name = decode(rawName, true);
            String value = eq < 0 ? "" : decode(rawValue, true);
            // The name is text too: a pasted credential can stand alone (?ghp_...) or before an '='.
            List<Finding> inName = name.isEmpty() ? List.of() : detector.scan(name);
            String where = "query parameter " + (inName.isEmpty() ? label(name, i) : "#" + (i + 1));
            List<Finding> nameRewrite = policy.judge(inName, name, where + " (its name)", signed, hits);
            if (!nameRewrite.isEmpty()) {
                rawName = URLEncoder.encode(redactor.redact(name, nameRewrite), StandardCharsets.UTF_8);
                redactions += nameRewrite.size();
                changed = true;
            }
            if (!CREDENTIAL_PARAMS.contains(name) && !value.isEmpty()) {
                List<Finding> rewrite = policy.judge(detector.scanField(name, value), value, where, signed, hits);
                if (!rewrite.isEmpty()) {
                    rawValue = URLEncoder.encode(redactor.redact(value, rewrite), StandardCharsets.UTF_8);
                    redactions += rewrite.size();
                    changed = true;
                }
            }
            params[i] = rawValue == null ? rawName : rawName + "=" + rawValue;
        }
        String out = changed ? path + "?" + String.join("&", params) : target;
        return new Result(out, hits, redactions, target.length());
    }

    /** A parameter's name when it reads like one; a name that could itself be pasted text is not echoed. */
    private static String label(String name, int index) {
        boolean plain = !name.isEmpty() && name.length() <= 32
                && name.chars().allMatch(c -> c == '_' || c == '-' || c == '.' || Character.isLetterOrDigit(c));
        return plain && !name.chars().anyMatch(Character::isDigit) ? "\"" + name + "\"" : "#" + (index + 1);
    }

    private static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        try {
            return URLDecoder.decode(plusIsSpace ? s : s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s; // scanned as written; the detector decodes the well-formed escapes itself
        }
    }
}
