package dev.airlock.proxy.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.config.Action;
import dev.airlock.config.PolicyConfig;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.detector.testing.Credentials;
import dev.airlock.proxy.answer.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Uploads: text parts are scanned and rewritten in place, binary parts follow the unscannable policy. */
class MultipartUploadTest {

    private static final Detector DETECTOR = Detector.builtIn();
    private static final String TYPE = "multipart/form-data; boundary=\"----airlock-test\"";

    private final Random random = new Random();
    private final Redactor redactor = new Redactor(Credentials.randomKey());
    private final String token = Credentials.githubToken(random);

    private Inspection inspect(byte[] body, Action unscannable) {
        RequestInspector inspector = new RequestInspector(DETECTOR, redactor,
                new Policy(new PolicyConfig(Action.REDACT, Map.of(), unscannable), redactor), 32 << 20);
        return inspector.inspect(new InboundRequest("POST", "/v1/files",
                List.of(new Header("Content-Type", TYPE)), body));
    }

    private static byte[] multipart(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < parts.length; i += 2) {
            out.writeBytes(("------airlock-test\r\n" + parts[i] + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(parts[i + 1] instanceof byte[] b ? b : ((String) parts[i + 1]).getBytes(StandardCharsets.UTF_8));
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("------airlock-test--\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void aSecretInAnUploadedTextFileIsRedactedInPlace() {
        String env = "APP=demo\nGITHUB_TOKEN=" + token + "\nDEBUG=1\n";
        byte[] body = multipart(
                "Content-Disposition: form-data; name=\"purpose\"", "assistants",
                "Content-Disposition: form-data; name=\"file\"; filename=\"config.env\"\r\n"
                        + "Content-Type: application/octet-stream", env);

        Inspection.Forward f = (Inspection.Forward) inspect(body, Action.BLOCK);

        String sent = new String(f.body().toArray(), StandardCharsets.UTF_8);
        assertThat(sent).isEqualTo(new String(body, StandardCharsets.UTF_8)
                .replace(token, redactor.placeholder("github-pat", token)));
        assertThat(f.redactions()).isEqualTo(1);
        assertThat(f.hits()).singleElement().satisfies(h -> assertThat(h.location())
                .isEqualTo("multipart part 2 (\"file\"), line 2"));
        assertThat(f.unscanned()).isNull();
    }

    /**
     * Every byte outside the parts' contents goes upstream too: the preamble, each part's headers (a file named
     * after a token, a field name) and the epilogue are scanned and redacted in place; the upload keeps its parts.
     */
    @Test
    void theFramingAroundThePartsIsScannedToo() {
        String inPreamble = Credentials.githubToken(random);
        String inFilename = Credentials.githubToken(random);
        String inHeader = Credentials.githubToken(random);
        String inEpilogue = Credentials.githubToken(random);
        byte[] parts = multipart(
                "Content-Disposition: form-data; name=\"file\"; filename=\"" + inFilename + ".txt\"", "plain text",
                "Content-Disposition: form-data; name=\"note\"\r\nX-Note: " + inHeader, "hello");
        byte[] body = ("preamble " + inPreamble + "\r\n" + new String(parts, StandardCharsets.UTF_8) + "epilogue "
                + inEpilogue + "\r\n").getBytes(StandardCharsets.UTF_8);

        Inspection.Forward f = (Inspection.Forward) inspect(body, Action.BLOCK);

        String sent = new String(f.body().toArray(), StandardCharsets.UTF_8);
        String expected = new String(body, StandardCharsets.UTF_8);
        for (String secret : List.of(inPreamble, inFilename, inHeader, inEpilogue)) {
            expected = expected.replace(secret, redactor.placeholder("github-pat", secret));
        }
        assertThat(sent).isEqualTo(expected);
        assertThat(f.redactions()).isEqualTo(4);
        assertThat(f.hits()).extracting(Hit::location).containsExactly(
                "the multipart preamble and part 1's headers, line 1",
                "the multipart preamble and part 1's headers, line 3",
                "multipart part 2's headers, line 4", "the multipart epilogue, line 3");

        Inspection blocked = new RequestInspector(DETECTOR, redactor, new Policy(new PolicyConfig(Action.BLOCK,
                Map.of(), Action.BLOCK), redactor), 32 << 20).inspect(new InboundRequest("POST", "/v1/files",
                List.of(new Header("Content-Type", TYPE)), body));
        assertThat(blocked).isInstanceOfSatisfying(Inspection.Refuse.class,
                r -> assertThat(r.kind()).isEqualTo(ErrorKind.BLOCKED));
    }

    @Test
    void jsonlBatchFilesAreScannedLineByLine() {
        String jsonl = "{\"custom_id\":\"1\",\"body\":{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n"
                + "{\"custom_id\":\"2\",\"body\":{\"messages\":[{\"role\":\"user\",\"content\":\"key " + token + "\"}]}}\n";
        byte[] body = multipart("Content-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"\r\n"
                + "Content-Type: application/jsonl", jsonl);

        Inspection.Forward f = (Inspection.Forward) inspect(body, Action.BLOCK);

        assertThat(new String(f.body().toArray(), StandardCharsets.UTF_8)).doesNotContain(token);
        assertThat(f.hits()).singleElement().satisfies(h -> assertThat(h.location())
                .isEqualTo("multipart part 1 (\"file\"), NDJSON line 2: body.messages[0].content"));
    }

    @Test
    void binaryPartsFollowTheUnscannablePolicy() {
        byte[] png = new byte[256];
        random.nextBytes(png);
        png[0] = 0;
        byte[] body = multipart("Content-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png", png, "Content-Disposition: form-data; name=\"note\"", "see " + token);

        Inspection blocked = inspect(body, Action.BLOCK);
        assertThat(blocked).isInstanceOfSatisfying(Inspection.Refuse.class,
                r -> assertThat(r.kind()).isEqualTo(ErrorKind.UNSUPPORTED_MEDIA_TYPE));

        Inspection.Forward audited = (Inspection.Forward) inspect(body, Action.AUDIT);
        assertThat(audited.unscanned()).isEqualTo(Unscanned.CONTENT_TYPE);
        assertThat(new String(audited.body().toArray(), StandardCharsets.ISO_8859_1)).doesNotContain(token);
        byte[] sent = audited.body().toArray();
        assertThat(MultipartBody.indexOf(sent, png, 0)).as("binary part kept byte for byte").isPositive();
    }

    @Test
    void malformedMultipartIsRefusedNotGuessed() {
        byte[] noClose = "------airlock-test\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(inspect(noClose, Action.BLOCK)).isInstanceOfSatisfying(Inspection.Refuse.class, r -> {
            assertThat(r.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
            assertThat(r.message()).contains("multipart").contains("not closed by a boundary");
        });
        RequestInspector inspector = new RequestInspector(DETECTOR, redactor, new Policy(PolicyConfig.DEFAULT, redactor), 1 << 20);
        Inspection noBoundary = inspector.inspect(new InboundRequest("POST", "/v1/files",
                List.of(new Header("Content-Type", "multipart/form-data")), "x".getBytes(StandardCharsets.UTF_8)));
        assertThat(noBoundary).isInstanceOfSatisfying(Inspection.Refuse.class,
                r -> assertThat(r.message()).contains("boundary"));
    }
}
