package dev.airlock.proxy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks audit files, oldest first, against their chain: every line parses, sequence numbers run on without a gap,
 * and every {@code prev} is the keyed link of the line before. An edited, removed or inserted line breaks the
 * chain at that point; a {@code dropped} line is reported as recorded loss.
 */
public final class AuditVerifier {

    /**
     * @param events   lines read
     * @param problems what is wrong, each with file and line; empty when the trail is intact
     * @param notes    what is worth knowing but not wrong (where the chain starts, recorded drops)
     */
    public record Report(long events, List<String> problems, List<String> notes) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditChain chain;

    public AuditVerifier(byte[] installKey) {
        this.chain = new AuditChain(installKey);
    }

    public Report verify(List<Path> files) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long events = 0;
        long lastSeq = -1;
        byte[] previous = null;
        for (Path file : files) {
            byte[] all = Files.readAllBytes(file);
            int lineNo = 0;
            int start = 0;
            while (start < all.length) {
                int end = start;
                while (end < all.length && all[end] != '\n') {
                    end++;
                }
                byte[] line = java.util.Arrays.copyOfRange(all, start, end);
                start = end + 1;
                lineNo++;
                String where = file + ":" + lineNo;
                if (end == all.length) {
                    problems.add(where + ": the last line is incomplete (cut short while being written)");
                    break;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    problems.add(where + ": not a JSON object (the line was damaged or edited)");
                    previous = line;
                    continue;
                }
                long seq = node.path("seq").asLong(-1);
                String prev = node.path("prev").asText("");
                if (previous == null) {
                    if (seq == 0 && !prev.equals(AuditChain.GENESIS)) {
                        problems.add(where + ": the first event does not start the chain (prev is not the genesis value)");
                    } else if (seq > 0) {
                        notes.add(where + ": the chain starts at event " + seq + "; earlier events are in files not "
                                + "given (rotated away or not listed)");
                    }
                } else {
                    if (seq != lastSeq + 1) {
                        problems.add(where + ": gap: event " + seq + " follows event " + lastSeq + " (expected "
                                + (lastSeq + 1) + ")");
                    }
                    if (!prev.equals(chain.link(previous))) {
                        problems.add(where + ": the chain is broken: the line before was edited, removed or inserted, "
                                + "or this one was");
                    }
                }
                if ("dropped".equals(node.path("kind").asText())) {
                    notes.add(where + ": " + node.path("count").asLong() + " events were dropped here (the writer fell "
                            + "behind)");
                }
                lastSeq = seq;
                previous = line;
                events++;
            }
        }
        return new Report(events, problems, notes);
    }
}
