package dev.airlock.proxy.inspect;

import dev.airlock.config.Action;

/**
 * A finding in a request, as policy sees it: which rule, where in words a user can follow
 * ({@code messages[3].content, line 14}, {@code query parameter "q"}, {@code header x-note}), how long, and what
 * is done about it. Never the value.
 *
 * @param unredactable the place cannot be changed (a signed field or body, the URL path), so redacting is not an
 *                     option there
 */
public record Hit(String ruleId, String location, int length, boolean unredactable, Action action) {
}
