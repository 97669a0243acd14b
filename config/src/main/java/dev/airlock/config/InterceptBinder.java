package dev.airlock.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code intercept} section: which {@code CONNECT} hosts are opened and scanned, what happens to the rest, and
 * which ports a {@code CONNECT} may target at all.
 */
final class InterceptBinder {

    static final String PATH = "intercept";
    static final Set<String> KEYS = Set.of("hosts", "others", "ports");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");
    private static final String PORT_FORM = "a port from 1 to 65535";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9*]([a-z0-9*-]{0,61}[a-z0-9*])?");
    private static final String HOST_FORMS = "a lowercase host name such as api.openai.com, where * stands for part"
            + " of the name: *.openai.azure.com, *-aiplatform.googleapis.com, bedrock-runtime.*.amazonaws.com";

    private InterceptBinder() {
    }

    static InterceptConfig bind(YamlFields f, YamlNode.Mapping m) {
        if (m == null) {
            return InterceptConfig.DEFAULT;
        }
        int before = f.problemCount();
        List<String> hosts = InterceptConfig.DEFAULT.hosts();
        YamlNode hostsNode = YamlFields.get(m, "hosts");
        if (hostsNode != null) {
            hosts = hosts(f, hostsNode, PATH + ".hosts");
        }
        InterceptConfig.Others others = f.choice(YamlFields.get(m, "others"), PATH + ".others",
                Arrays.asList(InterceptConfig.Others.values()));
        List<Integer> ports = InterceptConfig.DEFAULT.ports();
        YamlNode portsNode = YamlFields.get(m, "ports");
        if (portsNode != null) {
            ports = ports(f, portsNode, PATH + ".ports");
        }
        if (f.problemCount() > before) {
            return InterceptConfig.DEFAULT;
        }
        return new InterceptConfig(hosts, others == null ? InterceptConfig.DEFAULT.others() : others, ports);
    }

    private static List<Integer> ports(YamlFields f, YamlNode node, String path) {
        List<Integer> ports = new ArrayList<>();
        Map<Integer, Integer> firstLine = new HashMap<>();
        List<YamlNode> items = f.list(node, path, "a list of ports such as [443, 8443]");
        for (int i = 0; i < items.size(); i++) {
            String itemPath = YamlFields.item(path, i);
            YamlNode item = items.get(i);
            String text = f.text(item, itemPath, PORT_FORM);
            if (text == null) {
                continue;
            }
            String digits = text.strip();
            if (!PORT.matcher(digits).matches() || Integer.parseInt(digits) > 65535) {
                f.problem(itemPath, item.line(), item.kind() + " (expected: " + PORT_FORM + ")");
                continue;
            }
            int port = Integer.parseInt(digits);
            Integer first = firstLine.putIfAbsent(port, item.line());
            if (first != null) {
                f.problem(itemPath, item.line(), item.kind() + " is listed twice, first at line " + first
                        + " (expected: each port once)");
            } else {
                ports.add(port);
            }
        }
        return ports;
    }

    private static List<String> hosts(YamlFields f, YamlNode node, String path) {
        List<String> hosts = new ArrayList<>();
        List<YamlNode> items = f.list(node, path, "a list of host names");
        for (int i = 0; i < items.size(); i++) {
            String itemPath = YamlFields.item(path, i);
            String host = f.text(items.get(i), itemPath, HOST_FORMS);
            String problem = host == null ? null : hostProblem(host);
            if (problem != null) {
                f.problem(itemPath, items.get(i).line(), "\"" + host + "\" " + problem + " (expected: " + HOST_FORMS + ")");
            } else if (host != null) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    /** What is wrong with a host pattern, or null when it is a usable one. */
    static String hostProblem(String host) {
        if (host.isEmpty()) {
            return "is empty";
        }
        if (host.contains("://")) {
            return "has a scheme";
        }
        if (host.chars().anyMatch(Character::isWhitespace)) {
            return "has spaces";
        }
        if (host.indexOf('/') >= 0) {
            return "has a path";
        }
        if (host.indexOf(':') >= 0) {
            return "has a port";
        }
        if (host.chars().anyMatch(Character::isUpperCase)) {
            return "has capital letters";
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches() || label.indexOf('*') != label.lastIndexOf('*')) {
                return "is not a host name";
            }
        }
        if (host.length() > 253 || labels[labels.length - 1].indexOf('*') >= 0) {
            return "is not a host name";
        }
        return null;
    }
}
