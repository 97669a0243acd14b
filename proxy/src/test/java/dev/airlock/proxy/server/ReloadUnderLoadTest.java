package dev.airlock.proxy.server;

import static dev.airlock.proxy.server.LiveTraffic.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.config.AccessConfig;
import dev.airlock.config.Action;
import dev.airlock.config.AddressRange;
import dev.airlock.config.AirlockConfig;
import dev.airlock.config.HostPort;
import dev.airlock.config.InterceptConfig;
import dev.airlock.config.PolicyConfig;
import dev.airlock.detector.Detector;
import dev.airlock.proxy.testing.Responder;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Configuration reloads while requests keep coming: every request is handled under exactly one policy (redacted and
 * forwarded, or blocked — never forwarded with the secret), no connection breaks, and the swap reaches requests on
 * connections that were already open.
 */
class ReloadUnderLoadTest extends LiveTrafficTest {

    private static final Detector DETECTOR = Detector.builtIn();

    @Test
    void everyRequestSeesExactlyOnePolicyWhileItFlipsBetweenRedactAndBlock() throws Exception {
        fake.respond(Responder.json(200, "{\"ok\":true}"));
        AirlockConfig redact = RunningAirlock.configFor(fake.baseUrl(), caPem);
        AirlockConfig block = RunningAirlock.withPolicy(redact, new PolicyConfig(Action.BLOCK, Map.of(), Action.BLOCK));
        airlock = RunningAirlock.start(redact);
        AtomicBoolean running = new AtomicBoolean(true);
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Thread client = new Thread(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> r = LiveTraffic.post(airlock.base(), "/openai/v1/chat/completions",
                            LiveTraffic.openAiBody(false));
                    statuses.merge(r.statusCode(), 1, Integer::sum);
                } catch (Exception e) {
                    errors.add(e);
                }
            }
        });
        client.start();
        try {
            for (int flip = 0; flip < 6; flip++) {
                boolean toBlock = flip % 2 == 0;
                airlock.server().reload(toBlock ? block : redact, DETECTOR);
                int status = toBlock ? 400 : 200;
                int before = statuses.getOrDefault(status, 0);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (statuses.getOrDefault(status, 0) < before + 3 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(statuses.getOrDefault(status, 0)).as("requests answered under the new policy")
                        .isGreaterThanOrEqualTo(before + 3);
            }
        } finally {
            running.set(false);
            client.join(10_000);
        }
        assertThat(errors).as("no request failed at the connection level").isEmpty();
        assertThat(statuses.keySet()).containsOnly(200, 400);
        assertThat(fake.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.bodyText()).doesNotContain(SECRET));
        assertThat(fake.requests()).hasSize(statuses.get(200));
    }

    @Test
    void aReloadThatWouldOpenAGatewayIsRefusedAndListenerChangesWaitForARestart() throws Exception {
        AirlockConfig base = RunningAirlock.configFor(fake.baseUrl(), caPem);
        airlock = RunningAirlock.start(base);
        List<String> notes = airlock.server().reload(base.withListeners(new HostPort("127.0.0.1", 1),
                new HostPort("127.0.0.1", 2)), DETECTOR);
        assertThat(notes).singleElement().asString().contains("restart");
        assertThat(airlock.server().reload(base, DETECTOR)).isEmpty();
        assertThat(airlock.server().reload(base.withAccess(AccessConfig.DEFAULT), DETECTOR)).isEmpty();
        airlock.server().reload(base.withIntercept(new InterceptConfig(List.of("llm.corp.example"),
                InterceptConfig.Others.TUNNEL, List.of(443))), DETECTOR);
        String pac = LiveTraffic.HTTP.send(java.net.http.HttpRequest.newBuilder(airlock.admin().resolve("/proxy.pac"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(pac).as("the PAC follows the reloaded intercept hosts").contains("llm").doesNotContain("openai");
        airlock.close();

        AirlockConfig gateway = base.withListeners(new HostPort("0.0.0.0", 0), base.admin())
                .withAccess(new AccessConfig(Map.of(), List.of(AddressRange.parse("127.0.0.0/8")), false));
        airlock = RunningAirlock.start(gateway);
        assertThatThrownBy(() -> airlock.server().reload(gateway.withAccess(AccessConfig.DEFAULT), DETECTOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("access.users or access.clients");
    }
}
