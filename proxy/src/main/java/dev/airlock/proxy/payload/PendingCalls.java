package dev.airlock.proxy.payload;

import java.util.Arrays;
import java.util.Set;

/**
 * The tool calls read so far in a conversation whose command prints a secret ({@code op read …},
 * {@code echo $DB_PASSWORD}) and whose result has not come yet, each paired with its result by the call's id where
 * the body names one: an agent that runs {@code ls} and {@code op read …} in parallel gets both results back, in
 * either order, and only the second is the secret's. A call's id is the {@code call_id}, {@code tool_call_id} or
 * {@code tool_use_id} (else the {@code id}) of the containers around its command and up to two levels above
 * ({@code tool_calls[].function.arguments}, {@code tool_use.input.command}, {@code local_shell_call.action.command[]}),
 * read before it or, for Codex's {@code function_call} that names its {@code call_id} last, after it while the
 * call is still open. A result whose id is not known when its text is read (keys in sorted order put
 * {@code content} before {@code tool_call_id}) or a call without one falls back to their order.
 *
 * <p>Calls the model made in an earlier response ({@link EarlierCalls}: a Responses request that names
 * {@code previous_response_id}, or a WebSocket's next {@code response.create}, sends the result without its call)
 * pair with a result by id only, never by order: a result naming none of them is not theirs.
 *
 * <p>Ids are kept as 64-bit hashes, never as text: the state is saved in checkpoints, which hold no text of a body.
 */
final class PendingCalls {

    /** More pending calls than an agent runs at once are not tracked: the oldest are judged by order. */
    static final int MAX = 16;

    private static final Set<String> STRONG_IDS = Set.of("call_id", "tool_call_id", "tool_use_id");
    /** Containers above a command or result that may be its call's: the call itself and two levels within it. */
    private static final int REACH = 2;

    /** Per depth: the id named in the container open there (0 if none), whether by a strong name, its serial. */
    private final long[] ids;
    private final boolean[] strong;
    private final int[] serials;
    private int nextSerial;

    /** Pending calls in the order read: id hash (0 if not known), and while unknown, where its id may still come. */
    private final long[] callIds = new long[MAX];
    private final boolean[] callStrong = new boolean[MAX];
    /** For a call whose id may still come: the serials of its containers at depths {@code awaitDepth - REACH …}. */
    private final int[][] awaitSerials = new int[MAX][REACH + 1];
    private final int[] awaitDepth = new int[MAX];
    private int count;
    /** Id hashes of calls made in earlier responses, whose results may come in this body. */
    private final long[] earlier;

    PendingCalls(int maxDepth, long[] earlier) {
        this.earlier = earlier;
        ids = new long[maxDepth + 1];
        strong = new boolean[maxDepth + 1];
        serials = new int[maxDepth + 1];
    }

    int size() {
        return count;
    }

    /** Whether a result read now may be a call's: one is pending in this body, or was made earlier. */
    boolean awaited() {
        return count > 0 || earlier.length > 0;
    }

    /** A container opened at {@code depth}. */
    void opened(int depth) {
        ids[depth] = 0;
        strong[depth] = false;
        serials[depth] = ++nextSerial;
    }

    /** Whether a member of this name holds a call's id. */
    static boolean isIdMember(String member) {
        return member.equals("id") || STRONG_IDS.contains(member);
    }

    /** The object open at {@code depth} names an id: for calls read in it that had none, and for results after. */
    void idRead(int depth, String member, String value) {
        boolean isStrong = STRONG_IDS.contains(member);
        if (ids[depth] != 0 && strong[depth] && !isStrong) {
            return; // a call_id outranks the item's own id (Responses: {"id": "fc_…", "call_id": "call_…"})
        }
        long id = hash(value);
        ids[depth] = id;
        strong[depth] = isStrong;
        for (int i = 0; i < count; i++) {
            int k = depth - (awaitDepth[i] - REACH);
            if (awaitDepth[i] > 0 && k >= 0 && k <= REACH && awaitSerials[i][k] == serials[depth]
                    && (callIds[i] == 0 || isStrong && !callStrong[i])) {
                callIds[i] = id;
                callStrong[i] = isStrong;
            }
        }
    }

    /** A command that prints a secret, read at {@code depth}: its result is to be judged. */
    void command(int depth) {
        if (count == MAX) {
            return;
        }
        int at = nearest(depth);
        callIds[count] = at < 0 ? 0 : ids[at];
        callStrong[count] = at >= 0 && strong[at];
        awaitDepth[count] = depth;
        for (int k = 0; k <= REACH; k++) {
            int d = depth - REACH + k;
            awaitSerials[count][k] = d >= 0 ? serials[d] : -1;
        }
        count++;
    }

    /** A command typed in Claude Code's bash mode: no id, its output comes in the next text. */
    void typed() {
        if (count < MAX) {
            callIds[count] = 0;
            callStrong[count] = false;
            awaitDepth[count] = 0;
            count++;
        }
    }

    /**
     * A tool's result read at {@code depth}: whether it is a pending call's (which is then no longer pending). By id
     * where both have one; a result naming another call's id is not judged while every pending call has an id.
     */
    boolean result(int depth) {
        int at = nearest(depth);
        long id = at < 0 ? 0 : ids[at];
        if (count == 0) {
            return madeEarlier(id);
        }
        int taken = -1;
        for (int i = 0; i < count && id != 0; i++) {
            if (callIds[i] == id) {
                taken = i;
                break;
            }
        }
        for (int i = 0; i < count && taken < 0; i++) {
            if (id == 0 || callIds[i] == 0) {
                taken = i; // by order: the result or the call names no id
            }
        }
        if (taken < 0) {
            return madeEarlier(id);
        }
        remove(taken);
        return true;
    }

    private boolean madeEarlier(long id) {
        for (int i = 0; i < earlier.length && id != 0; i++) {
            if (earlier[i] == id) {
                return true;
            }
        }
        return false;
    }

    /** The end of a conversation's array: nothing pending carries over. */
    void clear() {
        count = 0;
    }

    /** The pending calls' ids, for a checkpoint: between root array elements no call's id can still come. */
    long[] save() {
        return Arrays.copyOf(callIds, count);
    }

    void restore(long[] saved) {
        count = Math.min(saved.length, MAX);
        System.arraycopy(saved, 0, callIds, 0, count);
        Arrays.fill(callStrong, 0, count, false);
        Arrays.fill(awaitDepth, 0, count, 0);
    }

    /** The depth of the nearest container within reach of {@code depth} that names an id, or -1. */
    private int nearest(int depth) {
        for (int d = depth; d >= Math.max(0, depth - REACH); d--) {
            if (ids[d] != 0) {
                return d;
            }
        }
        return -1;
    }

    private void remove(int i) {
        int tail = count - i - 1;
        System.arraycopy(callIds, i + 1, callIds, i, tail);
        System.arraycopy(callStrong, i + 1, callStrong, i, tail);
        System.arraycopy(awaitDepth, i + 1, awaitDepth, i, tail);
        int[] freed = awaitSerials[i];
        System.arraycopy(awaitSerials, i + 1, awaitSerials, i, tail);
        awaitSerials[count - 1] = freed;
        count--;
    }

    /** FNV-1a over the id's characters, never 0: ids are matched, not trusted, so a collision only mis-pairs. */
    static long hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            h = (h ^ value.charAt(i)) * 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }
}
