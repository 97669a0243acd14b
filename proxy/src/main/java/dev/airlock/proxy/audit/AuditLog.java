package dev.airlock.proxy.audit;

/** Where audit events go. Implementations never block the caller (an event loop) and never throw. */
public interface AuditLog extends AutoCloseable {

    void record(AuditEvent event);

    @Override
    void close();

    /**
     * Records each event to {@code first}, then to {@code second}; closes both. Neither blocks nor throws (the
     * contract above), so one cannot keep an event from the other.
     */
    static AuditLog tee(AuditLog first, AuditLog second) {
        if (first == NONE) {
            return second;
        }
        if (second == NONE) {
            return first;
        }
        return new AuditLog() {
            @Override
            public void record(AuditEvent event) {
                first.record(event);
                second.record(event);
            }

            @Override
            public void close() {
                try {
                    first.close();
                } finally {
                    second.close();
                }
            }
        };
    }

    /** Records nothing: no {@code audit.file} and no {@code audit.stdout}. */
    AuditLog NONE = new AuditLog() {
        @Override
        public void record(AuditEvent event) {
        }

        @Override
        public void close() {
        }
    };
}
