package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.ModelTurns.quoted;
import static dev.airlock.proxy.server.ModelTurns.responses;

import dev.airlock.proxy.server.NodeProject.NodeResult;
import dev.airlock.proxy.server.NodeProject.NodeRun;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Codex CLI ({@code @openai/codex}, pinned in {@code src/test/node/codex}; the package brings its native
 * binary for the platform, about 400 MB, installed once into {@code target/node-codex}), run as {@code codex exec}
 * with a model provider whose {@code base_url} is Airlock's {@code openai} route; and the model's side of the turns
 * the tests play: a shell call that writes {@code .env}, then a closing text.
 */
final class CodexCli {

    private static final List<String> FILES = List.of("package.json", "package-lock.json");
    private static final String CLI = "node_modules/@openai/codex/bin/codex.js";
    private static final Duration CODEX_WAIT = Duration.ofSeconds(120);
    static final String CLOSING_TEXT = "Wrote the token to .env.";

    private final NodeProject project;

    private CodexCli(NodeProject project) {
        this.project = project;
    }

    /** Installed; what called it is skipped when {@code node} or {@code npm} is not on the PATH. */
    static CodexCli installOrSkip() throws Exception {
        return new CodexCli(NodeProject.installOrSkip("codex", FILES));
    }

    /** How Codex is pointed at Airlock: its ~/.codex/config.toml, and the variables beside it. */
    enum Setup {
        /** A model provider of its own whose {@code base_url} is Airlock, over HTTP. */
        PROVIDER,
        /** The same provider with {@code supports_websockets}: the Responses WebSocket first. */
        PROVIDER_WEBSOCKET,
        /** The built-in OpenAI provider with {@code openai_base_url} at Airlock (it tries the WebSocket first). */
        BASE_URL,
        /** The built-in OpenAI provider unchanged: the caller passes the forward proxy's variables. */
        BUILT_IN;

        String config(URI airlock) {
            return switch (this) {
                case PROVIDER, PROVIDER_WEBSOCKET -> """
                        model = "gpt-5"
                        model_provider = "airlock"

                        [model_providers.airlock]
                        name = "Airlock"
                        base_url = "%s/openai/v1"
                        env_key = "OPENAI_API_KEY"
                        wire_api = "responses"
                        supports_websockets = %s
                        """.formatted(airlock, this == PROVIDER_WEBSOCKET);
                case BASE_URL -> "model = \"gpt-5\"\nopenai_base_url = \"%s/openai/v1\"\n".formatted(airlock);
                case BUILT_IN -> "model = \"gpt-5\"\n";
            };
        }
    }

    /**
     * {@code codex exec} of {@code prompt} in {@code workspace}, its home (config, sessions) in {@code home}, set up
     * to reach Airlock at {@code airlock} as {@code setup} says, the key in both {@code OPENAI_API_KEY} (a provider's
     * {@code env_key}) and {@code CODEX_API_KEY} (what {@code codex exec} reads for the built-in provider), and
     * {@code extraEnv}. It runs without its sandbox ({@code --dangerously-bypass-approvals-and-sandbox}): the sandbox
     * needs user namespaces a build machine may not grant, and the commands are the test's own.
     */
    NodeResult exec(Setup setup, URI airlock, Path workspace, Path home, String apiKey, String prompt, Path tempDir,
                    Map<String, String> extraEnv) throws Exception {
        Files.writeString(home.resolve("config.toml"), setup.config(airlock));
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putAll(Map.of("HOME", home.toString(), "CODEX_HOME", home.toString(), "OPENAI_API_KEY", apiKey,
                "CODEX_API_KEY", apiKey));
        try (NodeRun run = project.start(List.of(project.file(CLI).toString(), "exec", "--skip-git-repo-check",
                "--dangerously-bypass-approvals-and-sandbox", prompt), workspace, env, tempDir)) {
            return run.finish(CODEX_WAIT);
        }
    }

    // ---- the model's side, as SSE events (a WebSocket message is the data of one: see dataOf)

    static String command(String token) {
        return "printf '%s\\n' 'GITHUB_TOKEN=" + token + "' > .env";
    }

    /** An {@code exec_command} call of {@link #command}, its arguments cut inside the placeholder. */
    static List<String> shellCall(String placeholder) {
        return shellCall(command(placeholder), placeholder.substring(0, placeholder.length() / 2));
    }

    /** An {@code exec_command} call of {@code command}, its arguments in two deltas cut after {@code cutAfter}. */
    static List<String> shellCall(String command, String cutAfter) {
        String arguments = "{\"cmd\":" + quoted(command) + ",\"yield_time_ms\":1000}";
        int cut = arguments.indexOf(cutAfter) + cutAfter.length();
        return ModelTurns.responsesToolTurn("exec_command", List.of(arguments.substring(0, cut),
                arguments.substring(cut)));
    }

    /** The answer to a {@code response.create} of {@code "generate": false}: an empty response. */
    static List<String> warmedUp() {
        return ModelTurns.numbered(List.of(
                responses("response.created", "\"response\":" + ModelTurns.response("in_progress", "")),
                responses("response.completed", "\"response\":" + ModelTurns.response("completed", ""))));
    }

    static List<String> closingText() {
        return ModelTurns.responsesTextTurn(CLOSING_TEXT);
    }

    /** The JSON of an SSE event ({@code event: …\ndata: {…}}): what the Responses WebSocket sends as a message. */
    static String dataOf(String event) {
        return event.substring(event.indexOf("\ndata: ") + "\ndata: ".length());
    }
}
