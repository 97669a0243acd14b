package dev.airlock.proxy.inspect;

import dev.airlock.config.Action;

/**
 * A finding in a request, as policy sees it: which rule, where in words a user can follow
 * ({@code messages[3].content, line 14}, {@code query parameter "q"}, {@code header x-note}), how long, and what
 * is done about it. Never the value.
 *
 * @param pointer      RFC 6901 pointer of the JSON leaf that held it ({@code /messages/3/content}), or null outside
 *                     JSON
 * @param fingerprint  keyed HMAC of the value under the install key (16 hex characters, as {@code airlock scan}
 *                     prints): the same secret is recognisable across events, yet nothing about it can be recovered
 * @param unredactable the place cannot be changed (a signed field or body, the URL path), so redacting is not an
 *                     option there
 */
public record Hit(String ruleId, String location, String pointer, int length, String fingerprint,
                  boolean unredactable, Action action) {
}
