package dev.airlock.proxy.payload;

/**
 * Where a finding sits, as {@link ProtectedLeaves} sees it. Like everything reported, it holds no secret: a key or
 * a {@code "type"} value that itself held a finding appears in its redacted form.
 *
 * @param pointer    RFC 6901 pointer of the leaf, or of the enclosing object for a key
 * @param fieldName  the member name of a value inside an object; null for a key, an array element or the root
 * @param key        true if the finding is in an object key
 * @param parentType the string value of the {@code "type"} member of the enclosing object, wherever that member
 *                   appears in the object (the decision is taken once the object has been read); null if the
 *                   leaf is not directly inside an object or the object has no string {@code "type"}
 */
public record LeafLocation(String pointer, String fieldName, boolean key, String parentType) {
}
