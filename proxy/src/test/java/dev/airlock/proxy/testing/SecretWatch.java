package dev.airlock.proxy.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.airlock.detector.testing.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class when any log line written while it ran holds a planted credential, its base64 or hex form,
 * or any 8-character piece of one (HARDENING §6: secrets never leave the scanner). The credentials are every one
 * the tests generated through {@link Credentials}; the log is every event that reached Logback, at whatever level
 * the test ran with. Registered for every test class of this module, like {@link LeakWatch}.
 *
 * <p>The failure names the logger and the level, never the credential.
 */
public final class SecretWatch implements BeforeAllCallback, AfterAllCallback {

    private static final String APPENDER = "airlock-secret-watch";
    private static final int PIECE = 8;
    private static final Queue<ILoggingEvent> EVENTS = new ConcurrentLinkedQueue<>();
    /**
     * Identifiers Airlock draws at random for its own log lines (a connection's {@code [1a2b3c4d]}, a request's
     * {@code event=…}), masked before the check: they are hex, and so are the hex forms of the credentials, so among
     * the hundreds of thousands of pieces a test run issues one would now and then match by chance.
     */
    private static final Pattern OWN_IDS = Pattern.compile("(^\\[|event=)[0-9a-f]+");

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
        EVENTS.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Set<String> pieces = pieces(Credentials.issued());
        ILoggingEvent event;
        while ((event = EVENTS.poll()) != null) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            int at = pieceAt(withoutOwnIds(text), pieces);
            if (at >= 0) {
                EVENTS.clear();
                throw new AssertionError("a " + event.getLevel() + " log line from " + event.getLoggerName()
                        + " holds a piece of a planted credential (at character " + at + ") while "
                        + context.getDisplayName() + " ran");
            }
        }
    }

    /** {@code text} with the identifiers Airlock draws for its log lines masked, same length (see {@link #OWN_IDS}). */
    public static String withoutOwnIds(String text) {
        return OWN_IDS.matcher(text).replaceAll(m -> m.group(1) + "#".repeat(m.end() - m.end(1)));
    }

    /** Where the first 8-character piece of a credential starts in {@code text}, or -1. */
    public static int pieceAt(String text, Set<String> pieces) {
        for (int i = 0; i + PIECE <= text.length(); i++) {
            if (pieces.contains(text.substring(i, i + PIECE))) {
                return i;
            }
        }
        return -1;
    }

    /** Every 8-character window of each credential and of its base64 and hex forms. */
    public static Set<String> pieces(Set<String> credentials) {
        Set<String> out = new HashSet<>();
        for (String c : credentials) {
            byte[] bytes = c.getBytes(StandardCharsets.UTF_8);
            for (String form : new String[] {c, Base64.getEncoder().encodeToString(bytes),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), HexFormat.of().formatHex(bytes)}) {
                for (int i = 0; i + PIECE <= form.length(); i++) {
                    out.add(form.substring(i, i + PIECE));
                }
            }
        }
        return out;
    }

    private static synchronized void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new ExtensionConfigurationException("SecretWatch needs Logback behind SLF4J");
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(APPENDER) != null) {
            return;
        }
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                e.prepareForDeferredProcessing();
                EVENTS.add(e);
            }
        };
        capture.setName(APPENDER);
        capture.setContext(context);
        capture.start();
        root.addAppender(capture);
    }
}
