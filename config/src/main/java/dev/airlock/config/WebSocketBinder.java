package dev.airlock.config;

import java.util.Arrays;
import java.util.Set;

/** The {@code websocket} section. */
final class WebSocketBinder {

    static final String PATH = "websocket";
    static final Set<String> KEYS = Set.of("responses");

    private WebSocketBinder() {
    }

    static WebSocketConfig bind(YamlFields f, YamlNode.Mapping m) {
        if (m == null) {
            return WebSocketConfig.DEFAULT;
        }
        WebSocketConfig.Responses responses = f.choice(YamlFields.get(m, "responses"), PATH + ".responses",
                Arrays.asList(WebSocketConfig.Responses.values()));
        return responses == null ? WebSocketConfig.DEFAULT : new WebSocketConfig(responses);
    }
}
