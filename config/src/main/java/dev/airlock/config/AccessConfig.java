package dev.airlock.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Who may use the proxy, and where it may connect on their behalf. What matters in gateway mode (the listener on
 * an address other than loopback), where anyone who reaches the port could otherwise send through it.
 *
 * @param users               user name → bcrypt hash of the password, for proxy authentication (HTTP Basic in
 *                            {@code Proxy-Authorization}); empty means no authentication
 * @param clients             client addresses allowed to connect; empty means any client that reaches the listener
 * @param allowPrivateTargets in gateway mode, forward-proxy targets that resolve to loopback, link-local, private or
 *                            Airlock's own addresses are refused unless this is true
 */
public record AccessConfig(Map<String, String> users, List<AddressRange> clients, boolean allowPrivateTargets) {

    public static final AccessConfig DEFAULT = new AccessConfig(Map.of(), List.of(), false);

    /** No colon: HTTP Basic splits {@code user:password} at the first one. */
    static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final String USER_NAME_FORM = "1 to 64 letters, digits and . _ @ - (no colon)";
    /** Modular crypt: {@code $2a$}, {@code $2b$} or {@code $2y$}, a two-digit cost, 22 characters of salt and 31 of hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}");
    private static final int MIN_COST = 4;
    private static final int MAX_COST = 31;

    public AccessConfig {
        users = Map.copyOf(users);
        clients = List.copyOf(clients);
        for (Map.Entry<String, String> e : users.entrySet()) {
            if (!USER_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("users \"" + e.getKey() + "\" is not a user name (expected: "
                        + USER_NAME_FORM + ")");
            }
            String problem = hashProblem(e.getKey(), e.getValue());
            if (problem != null) {
                throw new IllegalArgumentException("users \"" + e.getKey() + "\": " + problem);
            }
        }
    }

    /** Whether clients must authenticate. */
    public boolean authenticates() {
        return !users.isEmpty();
    }

    /** Whether only some client addresses may connect. */
    public boolean restrictsClients() {
        return !clients.isEmpty();
    }

    /** Whether anything stands between a client that reaches the listener and the proxy. */
    public boolean guarded() {
        return authenticates() || restrictsClients();
    }

    /** Names the users but leaves their hashes out: a hash can be attacked offline, so it stays out of logs. */
    @Override
    public String toString() {
        return "AccessConfig[users=" + new TreeSet<>(users.keySet()) + ", clients=" + clients
                + ", allowPrivateTargets=" + allowPrivateTargets + "]";
    }

    /**
     * What is wrong with a user's stored hash, or null when it is a bcrypt hash. The message never holds the value:
     * a value that is not a hash may well be the password itself.
     */
    static String hashProblem(String user, String hash) {
        Objects.requireNonNull(hash, "hash");
        String make = "; make one with: airlock passwd " + (USER_NAME.matcher(user).matches() ? user : "NAME") + ")";
        if (!BCRYPT.matcher(hash).matches()) {
            return "not a bcrypt hash (expected: $2y$10$ followed by 53 characters" + make;
        }
        int cost = Integer.parseInt(hash.substring(4, 6));
        if (cost < MIN_COST || cost > MAX_COST) {
            return "bcrypt cost out of range (expected: a cost from 04 to 31 after $2y$, such as $2y$10$" + make;
        }
        return null;
    }
}
