package dev.airlock.proxy.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's nginx as a plain TLS-terminating-upstream reverse proxy: the baseline a proxy without scanning costs.
 * Configured the way one would for an AI API: HTTP/1.1 keep-alive to the upstream, verified TLS, no buffering
 * (so streams flow), one worker per core. nginx matches the certificate against DNS names only, so it checks the
 * provider's {@code localhost} name where Airlock checks its IP address.
 */
final class NginxProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    NginxProcess(Path dir, int upstreamPort, Path caPem) throws IOException, InterruptedException {
        this.port = ServerProcesses.freePort();
        Files.createDirectories(dir.resolve("logs"));
        String conf = """
                worker_processes auto;
                error_log %1$s/logs/error.log warn;
                pid %1$s/nginx.pid;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  client_max_body_size 32m;
                  client_body_buffer_size 1m;
                  upstream provider { server 127.0.0.1:%2$d; keepalive 128; }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_pass https://provider;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header Host 127.0.0.1;
                      proxy_ssl_verify on;
                      proxy_ssl_name localhost;
                      proxy_ssl_server_name on;
                      proxy_ssl_trusted_certificate %4$s;
                      proxy_ssl_session_reuse on;
                      proxy_buffering off;
                      proxy_request_buffering on;
                    }
                  }
                }
                """.formatted(dir, upstreamPort, port, caPem);
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        process = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", file.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
        ServerProcesses.awaitListening(process, "nginx", port, Duration.ofSeconds(10), dir.resolve("logs"));
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        ServerProcesses.stop(process, Duration.ofSeconds(5));
    }
}
