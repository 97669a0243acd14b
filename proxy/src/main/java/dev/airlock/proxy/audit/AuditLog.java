package dev.airlock.proxy.audit;

/** Where audit events go. Implementations never block the caller (an event loop) and never throw. */
public interface AuditLog extends AutoCloseable {

    void record(AuditEvent event);

    @Override
    void close();

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
