package dev.airlock.proxy.inspect;

/** One request header field as received (several fields may share a name). */
public record Header(String name, String value) {
}
