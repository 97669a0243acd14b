package dev.airlock.proxy.inspect;

import java.util.Locale;

/** How a request body is read for scanning, from its {@code Content-Type} (or its first byte when there is none). */
enum BodyFormat {
    JSON, NDJSON, TEXT, MULTIPART, UNSCANNABLE;

    static BodyFormat of(String contentType, byte[] body) {
        if (contentType == null || contentType.isBlank()) {
            return sniff(body);
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || type.equals("text/json")
                || (type.startsWith("application/") && type.endsWith("+json"))) {
            return JSON;
        }
        if (type.equals("application/x-ndjson") || type.equals("application/ndjson") || type.equals("application/jsonl")
                || type.equals("application/x-jsonlines") || type.equals("application/jsonlines")) {
            return NDJSON;
        }
        if (type.startsWith("multipart/")) {
            return MULTIPART;
        }
        if (type.startsWith("text/") || type.equals("application/x-www-form-urlencoded")
                || type.equals("application/xml") || (type.startsWith("application/") && type.endsWith("+xml"))
                || type.equals("application/javascript") || type.equals("application/yaml")
                || type.equals("application/x-yaml") || type.equals("application/graphql")) {
            return TEXT;
        }
        return UNSCANNABLE;
    }

    /** No type given: a JSON document if it starts like one (and must then be valid), otherwise text. */
    private static BodyFormat sniff(byte[] body) {
        for (byte b : body) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            return b == '{' || b == '[' ? JSON : TEXT;
        }
        return TEXT;
    }
}
