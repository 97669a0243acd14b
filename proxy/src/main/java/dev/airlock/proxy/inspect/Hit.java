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
 * @param accepted     the fingerprint is on an allow list ({@code policy.allow}, a route's {@code allow}, an
 *                     {@code .airlockignore} file): forwarded unchanged, yet still counted and audited
 */
public record Hit(String ruleId, String location, String pointer, int length, String fingerprint,
                  boolean unredactable, Action action, boolean accepted) {

    /** What metrics and the audit trail call an accepted finding, told apart from a rule whose action is allow. */
    public static final String ACCEPTED = "allowed";

    /** Longest location or pointer kept: a client chooses both, and each is copied into every event of a finding. */
    static final int MAX_PLACE = 512;

    public Hit {
        if (accepted && action != Action.ALLOW) {
            throw new IllegalArgumentException("an accepted finding is forwarded unchanged (expected: action allow)");
        }
        location = capped(location);
        pointer = pointer == null ? null : capped(pointer);
    }

    private static String capped(String place) {
        if (place.length() <= MAX_PLACE) {
            return place;
        }
        int cut = Character.isHighSurrogate(place.charAt(MAX_PLACE - 1)) ? MAX_PLACE - 1 : MAX_PLACE;
        return place.substring(0, cut) + "…(" + place.length() + " characters)";
    }

    /** A finding no allow list accepts. */
    public Hit(String ruleId, String location, String pointer, int length, String fingerprint, boolean unredactable,
               Action action) {
        this(ruleId, location, pointer, length, fingerprint, unredactable, action, false);
    }

    /** The action as metrics and the audit trail name it: {@value #ACCEPTED} for an accepted finding. */
    public String actionLabel() {
        return accepted ? ACCEPTED : action.label();
    }
}
