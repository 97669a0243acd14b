package dev.airlock.proxy.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.PolicyConfig;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.answer.ErrorKind;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Refusals name what was wrong without repeating client text that could be a credential. */
class RefusalMessagesTest {

    private final RequestInspector inspector = new RequestInspector(Detector.builtIn(),
            new Redactor(Credentials.randomKey()), new Policy(PolicyConfig.DEFAULT, new Redactor(Credentials.randomKey())), 1 << 20);

    private Inspection.Refuse refuse(String contentType, String contentEncoding) {
        List<Header> headers = contentEncoding == null ? List.of(new Header("Content-Type", contentType))
                : List.of(new Header("Content-Type", contentType), new Header("Content-Encoding", contentEncoding));
        return (Inspection.Refuse) inspector.inspect(new InboundRequest("POST", "/v1/files", headers, new byte[] {1, 2}));
    }

    @Test
    void aMediaTypeIsNamedUnlessSomethingWasFoundInTheHeaders() {
        assertThat(refuse("image/png", null).message()).contains("\"image/png\"");

        String key = Credentials.issued("AKIA" + Credentials.random(new Random(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
        Inspection.Refuse r = refuse("application/" + key, null);
        assertThat(r.kind()).isEqualTo(ErrorKind.UNSUPPORTED_MEDIA_TYPE);
        assertThat(r.hits()).isNotEmpty();
        assertThat(r.message()).doesNotContain(key).doesNotContain(key.substring(4, 12));
    }

    @Test
    void anUnknownContentEncodingIsNotRepeated() {
        String password = Credentials.random(new Random(), "abcdefghijklmnopqrstuvwxyz", 10);
        Inspection.Refuse r = refuse("application/json", password);
        assertThat(r.kind()).isEqualTo(ErrorKind.UNSUPPORTED_MEDIA_TYPE);
        assertThat(r.message()).doesNotContain(password).contains("an unknown token");
        assertThat(refuse("application/json", "compress").message()).contains("\"compress\"");
    }
}
