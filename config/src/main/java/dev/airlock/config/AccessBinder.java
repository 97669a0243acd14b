package dev.airlock.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code access} section: proxy users, allowed client addresses and private forward-proxy targets. A user's
 * value is never repeated in a problem, since a value that is not a hash may be the password itself.
 */
final class AccessBinder {

    static final String PATH = "access";
    static final Set<String> KEYS = Set.of("users", "clients", "privateTargets");
    private static final String HASH_FORM = "a bcrypt hash, $2y$10$ followed by 53 characters";

    /** Spelled out in the file; the record keeps a boolean. */
    private enum PrivateTargets {
        REFUSE, ALLOW
    }

    private AccessBinder() {
    }

    static AccessConfig bind(YamlFields f, YamlNode.Mapping m) {
        if (m == null) {
            return AccessConfig.DEFAULT;
        }
        AccessConfig d = AccessConfig.DEFAULT;
        int before = f.problemCount();
        Map<String, String> users = users(f, YamlFields.get(m, "users"), PATH + ".users");
        List<AddressRange> clients = clients(f, YamlFields.get(m, "clients"), PATH + ".clients");
        PrivateTargets targets = f.choice(YamlFields.get(m, "privateTargets"), PATH + ".privateTargets",
                Arrays.asList(PrivateTargets.values()));
        if (f.problemCount() > before) {
            return d;
        }
        return new AccessConfig(users, clients, targets == null ? d.allowPrivateTargets() : targets == PrivateTargets.ALLOW);
    }

    private static Map<String, String> users(YamlFields f, YamlNode node, String path) {
        Map<String, String> users = new LinkedHashMap<>();
        YamlNode.Mapping m = f.mapping(node, path);
        if (m == null) {
            return users;
        }
        for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
            String name = e.getKey();
            String entryPath = YamlFields.mapKey(path, name);
            boolean nameOk = AccessConfig.USER_NAME.matcher(name).matches();
            if (!nameOk) {
                f.problem(entryPath, m.keyLines().get(name), "\"" + name + "\" is not a user name (expected: "
                        + AccessConfig.USER_NAME_FORM + ")");
            }
            YamlNode value = e.getValue();
            // f.text names a list, a mapping or null as such, and never quotes a scalar's text.
            String hash = f.text(value, entryPath, HASH_FORM);
            String problem = hash == null ? null : AccessConfig.hashProblem(name, hash);
            if (problem != null) {
                f.problem(entryPath, value.line(), problem);
            } else if (hash != null && nameOk) {
                users.put(name, hash);
            }
        }
        return users;
    }

    private static List<AddressRange> clients(YamlFields f, YamlNode node, String path) {
        List<AddressRange> clients = new ArrayList<>();
        Map<AddressRange, Integer> firstLine = new HashMap<>();
        List<YamlNode> items = f.list(node, path, "a list of IP addresses or CIDR ranges, such as [10.0.0.0/8, \"::1\"]");
        for (int i = 0; i < items.size(); i++) {
            String itemPath = YamlFields.item(path, i);
            YamlNode item = items.get(i);
            String text = f.text(item, itemPath, AddressRange.FORMS);
            if (text == null) {
                continue;
            }
            AddressRange range;
            try {
                range = AddressRange.parse(text);
            } catch (IllegalArgumentException e) {
                f.problem(itemPath, item.line(), e.getMessage());
                continue;
            }
            Integer first = firstLine.putIfAbsent(range, item.line());
            if (first != null) {
                f.problem(itemPath, item.line(), item.kind() + " is the same range as the one at line " + first
                        + " (expected: each range once)");
            } else {
                clients.add(range);
            }
        }
        return clients;
    }
}
