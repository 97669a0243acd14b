package dev.airlock.proxy.payload;

/**
 * Says which string leaves must never be modified, typically because a provider signs them. A finding in such a
 * leaf is reported as {@link JsonFinding#unredactable() unredactable} and the leaf is left as it was: the request
 * has to be blocked, not redacted.
 */
@FunctionalInterface
public interface ProtectedLeaves {

    /** Every leaf may be redacted. */
    ProtectedLeaves NONE = leaf -> false;

    /**
     * Reasoning the provider signs or encrypts: Anthropic {@code thinking} blocks ({@code thinking} and
     * {@code signature}), {@code redacted_thinking.data}, and OpenAI {@code reasoning.encrypted_content}.
     */
    ProtectedLeaves SIGNED_REASONING = leaf -> {
        if (leaf.key() || leaf.parentType() == null || leaf.fieldName() == null) {
            return false;
        }
        return switch (leaf.parentType()) {
            case "thinking" -> leaf.fieldName().equals("thinking") || leaf.fieldName().equals("signature");
            case "redacted_thinking" -> leaf.fieldName().equals("data");
            case "reasoning" -> leaf.fieldName().equals("encrypted_content");
            default -> false;
        };
    };

    boolean isProtected(LeafLocation leaf);
}
