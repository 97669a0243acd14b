package dev.airlock.proxy.inspect;

/** Turns an RFC 6901 pointer into the path a developer reads: {@code /messages/3/content} → {@code messages[3].content}. */
final class Locations {

    private Locations() {
    }

    static String ofPointer(String pointer) {
        if (pointer.isEmpty()) {
            return "the body";
        }
        StringBuilder sb = new StringBuilder(pointer.length() + 8);
        int i = 1;
        while (i <= pointer.length()) {
            int next = pointer.indexOf('/', i);
            String segment = pointer.substring(i, next < 0 ? pointer.length() : next).replace("~1", "/").replace("~0", "~");
            if (!segment.isEmpty() && segment.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(segment).append(']');
            } else if (isIdentifier(segment)) {
                sb.append(sb.length() == 0 ? "" : ".").append(segment);
            } else if (segment.length() > MAX_NAME) {
                // A name this long is pasted text, not a field: named by its length, so neither it nor its copy in
                // every finding's location can swell an answer or the audit trail.
                sb.append("[a ").append(segment.length()).append("-character name]");
            } else {
                sb.append("[\"").append(segment.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
            }
            if (next < 0) {
                break;
            }
            i = next + 1;
        }
        return sb.toString();
    }

    /** Longest member name a location repeats. */
    static final int MAX_NAME = 64;

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '_' || c == '-' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
