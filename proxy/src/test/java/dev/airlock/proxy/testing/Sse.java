package dev.airlock.proxy.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Server-sent events for assertions: parses a stream as an EventSource client would (WHATWG rules:
 * {@code data:} lines joined with {@code \n}, one optional space after the colon, comments ignored,
 * an unterminated last event discarded), and splits recorded streams such as
 * {@code /work/shared/shapes/*.txt} into raw event blocks for {@link Responder#sse}.
 */
public final class Sse {

    /** A parsed event: its {@code event:} name ("message" if absent), joined data, and last {@code id:}. */
    public record Event(String name, String data, String id) {
    }

    private Sse() {
    }

    /** The data payload of every complete event in {@code streamText}, in order. */
    public static List<String> dataOf(String streamText) {
        return parse(streamText).stream().map(Event::data).toList();
    }

    /** Every complete event in {@code streamText}, in order. */
    public static List<Event> parse(String streamText) {
        List<Event> events = new ArrayList<>();
        StringBuilder data = null;
        String name = null;
        String id = null;
        for (String line : lines(streamText)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(name == null ? "message" : name, data.toString(), id));
                }
                data = null;
                name = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "event" -> name = value;
                case "id" -> id = value;
                default -> { }
            }
        }
        return events;
    }

    /**
     * Splits a stream into raw event blocks (the text between blank lines, line ends normalized to
     * {@code \n}, without the terminating blank line), keeping comment-only blocks.
     */
    public static List<String> blocks(String streamText) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        for (String line : lines(streamText)) {
            if (line.isEmpty()) {
                if (block.length() > 0) {
                    blocks.add(block.toString());
                    block.setLength(0);
                }
                continue;
            }
            if (block.length() > 0) {
                block.append('\n');
            }
            block.append(line);
        }
        if (block.length() > 0) {
            blocks.add(block.toString());
        }
        return blocks;
    }

    /** {@code event} ending in exactly the blank line that terminates an SSE event (added if missing). */
    public static String frame(String event) {
        if (event.endsWith("\n\n") || event.endsWith("\r\n\r\n")) {
            return event;
        }
        return event.endsWith("\n") ? event + "\n" : event + "\n\n";
    }

    /** {@code "data: " + json}, a convenience for building events. */
    public static String data(String payload) {
        return "data: " + payload;
    }

    /** The lines of {@code text} split on CRLF, CR or LF; a trailing unterminated line is kept (it can never end an event). */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                lines.add(text.substring(start, i));
                i += (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
