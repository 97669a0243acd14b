package dev.airlock.proxy.payload;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Tool calls a model made in answers Airlock relayed whose command prints a secret ({@code op read …},
 * {@code printenv DB_PASSWORD}), kept per client so that the call's result is judged as that secret when it comes
 * in a later request without its call: a Responses request naming {@code previous_response_id}, or the next
 * {@code response.create} on a WebSocket, carries only the {@code function_call_output}. Results pair with these
 * calls by id only ({@link PendingCalls}).
 *
 * <p>Holds no text: clients by a keyed hash of their credentials, calls by a hash of their id. Bounded: at most
 * {@value #PER_CLIENT} calls per client (the oldest forgotten first) and {@value #MAX_CLIENTS} clients (the least
 * recently seen forgotten first), each call for {@value #KEPT_MINUTES} minutes. Thread-safe.
 */
public final class EarlierCalls {

    static final int PER_CLIENT = 16;
    static final int MAX_CLIENTS = 4096;
    static final long KEPT_MINUTES = 60;
    private static final long[] NONE = new long[0];
    private static final byte[] NO_BYTES = new byte[0];

    private final PrefixHash clients = new PrefixHash(new SecureRandom());
    private final LongSupplier nanos;
    private final Map<PrefixHash.Digest, Calls> byClient = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PrefixHash.Digest, Calls> eldest) {
            return size() > MAX_CLIENTS;
        }
    };
    /** Read without the lock: a gateway whose clients never leave a call pending pays nothing per request. */
    private volatile boolean any;

    public EarlierCalls() {
        this(System::nanoTime);
    }

    EarlierCalls(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** The model answered {@code partition}'s client with a call whose command prints a secret. */
    public void made(String partition, String callId) {
        long id = PendingCalls.hash(callId);
        PrefixHash.Digest client = client(partition);
        synchronized (byClient) {
            byClient.computeIfAbsent(client, c -> new Calls()).add(id, nanos.getAsLong());
            any = true;
        }
    }

    /** Id hashes of the calls still kept for {@code partition}'s client, oldest first. */
    long[] of(String partition) {
        if (!any) {
            return NONE;
        }
        PrefixHash.Digest client = client(partition);
        synchronized (byClient) {
            Calls calls = byClient.get(client);
            return calls == null ? NONE : calls.live(nanos.getAsLong() - TimeUnit.MINUTES.toNanos(KEPT_MINUTES));
        }
    }

    /** The client's key: the partition alone hashed under this memory's own random key. */
    private PrefixHash.Digest client(String partition) {
        return clients.of(NO_BYTES, 0, 0, partition);
    }

    /** One client's calls: a ring of id hashes and when each was made. */
    private static final class Calls {
        private final long[] ids = new long[PER_CLIENT];
        private final long[] made = new long[PER_CLIENT];
        private int next;
        private int size;

        void add(long id, long now) {
            for (int i = 0; i < size; i++) {
                if (ids[i] == id) {
                    made[i] = now; // seen again (the item's done event, then the completed response)
                    return;
                }
            }
            ids[next] = id;
            made[next] = now;
            next = (next + 1) % PER_CLIENT;
            size = Math.min(size + 1, PER_CLIENT);
        }

        long[] live(long since) {
            long[] out = new long[size];
            int n = 0;
            for (int k = 0; k < size; k++) {
                int i = (next - size + k + PER_CLIENT) % PER_CLIENT;
                if (made[i] - since >= 0) {
                    out[n++] = ids[i];
                }
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        }
    }
}
