package dev.airlock.config;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The {@code response} section. */
final class ResponseBinder {

    static final String PATH = "response";
    static final Set<String> KEYS = Set.of("action");
    private static final List<ResponseAction> ACTIONS = Arrays.asList(ResponseAction.values());

    private ResponseBinder() {
    }

    static ResponseConfig bind(YamlFields f, YamlNode.Mapping m) {
        if (m == null) {
            return ResponseConfig.DEFAULT;
        }
        ResponseAction action = f.choice(YamlFields.get(m, "action"), PATH + ".action", ACTIONS);
        return action == null ? ResponseConfig.DEFAULT : new ResponseConfig(action);
    }
}
