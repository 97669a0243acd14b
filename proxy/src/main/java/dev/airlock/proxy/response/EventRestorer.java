package dev.airlock.proxy.response;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.response.RestoreFields.Slot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ObjIntConsumer;
import java.util.regex.Matcher;

/**
 * Puts secrets back into the values {@link RestoreFields} finds in one event's JSON, carrying a cut-off placeholder
 * from one delta to the next of the same tool call (or text block).
 *
 * <p>A delta whose value ends with what may be the start of a known placeholder ({@code …[REDAC}) is written without
 * that ending, which is held — at most one placeholder's length — and put in front of the next delta of the same
 * stream. When an event that does not continue it comes first (a stop, another tool call, {@code [DONE]}), the held
 * ending is written on its own just before that event, in a delta shaped like the one it was cut from, so nothing
 * the model wrote is ever lost or reordered past the end of its stream. Nothing is held when no ending is pending.
 *
 * <p>Values are handled decoded (Jackson undoes the event's JSON escapes), and an event whose values changed is
 * written again by Jackson, so the secret is escaped exactly as JSON requires; in a value that is JSON text itself
 * (chat {@code arguments}, {@code partial_json}) the secret is escaped once more, as JSON string content. Confined to
 * one response's thread.
 */
final class EventRestorer extends SlotRewriter {

    /** Blocks of tools the provider runs (Anthropic's server tools, remote MCP calls): never restored into. */
    private static final Set<String> PROVIDER_RUN = Set.of("server_tool_use", "mcp_tool_use");
    private static final byte[] BLOCK_START = "{\"type\":\"content_block_start\"".getBytes(StandardCharsets.US_ASCII);

    private final Placeholders vault;
    private final boolean text;
    private final ObjIntConsumer<Restored> counter;
    /** Indexes of this answer's blocks that the provider runs. */
    private final Set<Integer> providerRunBlocks = new HashSet<>();

    /** @param text restore in answer text too ({@code restore: all}), not only in tool arguments */
    EventRestorer(Placeholders vault, boolean text, ObjIntConsumer<Restored> counter) {
        this.vault = vault;
        this.text = text;
        this.counter = counter;
    }

    /**
     * Whether the event in {@code bytes[from, to)} may need work: an ending is held, or its raw JSON has {@code [R}
     * (a placeholder or its start), {@code ["} (a value ending in {@code [}) or an escape that could hide a
     * {@code [}. Most events have none and are written as they came without being parsed.
     */
    @Override
    public boolean mayChange(byte[] bytes, int from, int to) {
        if (!carries.isEmpty() || startsProviderRunBlock(bytes, from, to)) {
            return true;
        }
        for (int i = from; i < to - 1; i++) {
            byte b = bytes[i];
            byte next = bytes[i + 1];
            if (b == '[' && (next == 'R' || next == '"')) {
                return true;
            }
            if (b == '\\' && next == 'u' && i + 4 < to && bytes[i + 2] == '0' && bytes[i + 3] == '0'
                    && bytes[i + 4] == '5') {
                return true;
            }
        }
        return false;
    }

    /** A held ending not continued is written as the model wrote it. */
    @Override
    String alone(String stream, Carry carry) {
        return carry.text();
    }

    @Override
    List<Slot> slots(JsonNode root) {
        if (root.path("type").asText("").equals("content_block_start")
                && PROVIDER_RUN.contains(root.path("content_block").path("type").asText(""))) {
            providerRunBlocks.add(root.path("index").asInt(-1));
        }
        List<Slot> all = RestoreFields.of(root);
        List<Slot> kept = new ArrayList<>(all.size());
        for (Slot s : all) {
            if ((text || s.where() == Restored.TOOL_ARGUMENTS) && !providerRuns(root, s)) {
                kept.add(s);
            }
        }
        return kept;
    }

    /**
     * Anthropic's server tools and remote MCP calls ({@code server_tool_use}, {@code mcp_tool_use}) run at the
     * provider, with the placeholder: the client only shows and keeps their input, so a secret restored there would go
     * to people and transcripts, not to a tool. Their blocks are known by their start, their deltas by its index.
     */
    private boolean providerRuns(JsonNode root, Slot slot) {
        String type = root.path("type").asText("");
        if (type.equals("content_block_delta")) {
            return providerRunBlocks.contains(root.path("index").asInt(-1));
        }
        JsonNode n = root;
        for (Object step : slot.path()) {
            if (PROVIDER_RUN.contains(n.path("type").asText(""))) {
                return true;
            }
            n = step instanceof Integer i ? n.path(i) : n.path((String) step);
        }
        return false;
    }

    /** A block start naming a tool the provider runs: read, so its index is known for its deltas. */
    private static boolean startsProviderRunBlock(byte[] bytes, int from, int to) {
        if (to - from < BLOCK_START.length || !Arrays.equals(bytes, from, from + BLOCK_START.length,
                BLOCK_START, 0, BLOCK_START.length)) {
            return false;
        }
        String event = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        return event.contains("\"server_tool_use\"") || event.contains("\"mcp_tool_use\"");
    }

    /** Restores in one value (after its stream's held ending); returns whether the value changed. */
    @Override
    boolean rewrite(JsonNode root, Slot slot, String eventName, boolean streamed) {
        String value = EventJson.text(root, slot.path());
        Carry carry = streamed && slot.stream() != null ? carries.remove(slot.stream()) : null;
        String s = carry == null ? value : carry.text() + value;
        StringBuilder out = null;
        int copied = 0;
        int scanned = 0;
        int restored = 0;
        for (Matcher m = Redactor.PLACEHOLDER.matcher(s); m.find(); ) {
            scanned = m.end();
            String secret = vault.secretFor(m.group());
            if (secret == null) {
                continue; // not ours, or its time is up: left as the model wrote it
            }
            if (out == null) {
                out = new StringBuilder(s.length() + secret.length());
            }
            out.append(s, copied, m.start()).append(slot.json() ? jsonContent(secret) : secret);
            copied = m.end();
            restored++;
        }
        int end = s.length();
        if (streamed && slot.stream() != null && slot.more()) {
            int bracket = s.lastIndexOf('[');
            if (bracket >= scanned && vault.startsAPlaceholder(s, bracket)) {
                end = bracket;
                carries.put(slot.stream(), new Carry(s.substring(bracket), root, slot, eventName));
            }
        }
        String result = out == null ? s.substring(0, end) : out.append(s, copied, end).toString();
        if (restored > 0) {
            counter.accept(slot.where(), restored);
        }
        if (result.equals(value)) {
            return false;
        }
        EventJson.set(root, slot.path(), result);
        return true;
    }

    /** The secret as the content of a JSON string (no quotes), for a value that is JSON text itself. */
    static String jsonContent(String secret) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(secret));
    }
}
