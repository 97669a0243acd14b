package dev.airlock.proxy.cli;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.ConfigException;
import dev.airlock.config.HostPort;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.AirlockHome;
import dev.airlock.proxy.Detectors;
import dev.airlock.proxy.audit.AuditLog;
import dev.airlock.proxy.audit.AuditTrail;
import dev.airlock.proxy.ca.CaFiles;
import dev.airlock.proxy.ca.CertificateAuthority;
import dev.airlock.proxy.dashboard.AdminToken;
import dev.airlock.proxy.route.InterceptHosts;
import dev.airlock.proxy.metrics.MicrometerMetrics;
import dev.airlock.proxy.server.ProxyServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/** {@code airlock serve}: runs the proxy until SIGTERM or SIGINT, then drains and exits 0. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the proxy (base-URL routes and forward proxy) and the admin port (dashboard, metrics, health, CA, PAC).")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Proxy address (overrides listen; default 127.0.0.1:8080).")
    String listen;

    @Option(names = "--admin", paramLabel = "HOST:PORT", description = "Admin address (overrides admin; default 127.0.0.1:8081).")
    String admin;

    @Option(names = "--home", description = "Install directory holding the redaction key and the CA (default: ~/.airlock).")
    Path home;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AirlockConfig cfg = config.configOrReport(err);
        if (cfg == null) {
            return 2;
        }
        UnaryOperator<AirlockConfig> flags;
        try {
            HostPort listenFlag = listen == null ? null : HostPort.parse(listen);
            HostPort adminFlag = admin == null ? null : HostPort.parse(admin);
            flags = c -> c.withListeners(listenFlag == null ? c.listen() : listenFlag,
                    adminFlag == null ? c.admin() : adminFlag);
            cfg = flags.apply(cfg);
        } catch (IllegalArgumentException e) {
            err.println("airlock serve: --listen/--admin " + e.getMessage());
            return 2;
        }
        Detector detector;
        try {
            detector = Detectors.from(cfg, config.source());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        AirlockHome install = home == null ? AirlockHome.defaultHome() : new AirlockHome(home);
        Redactor redactor = new Redactor(install.installKey());
        CertificateAuthority ca = CertificateAuthority.open(CaFiles.in(install), InterceptHosts.of(cfg.intercept().hosts()));
        AdminToken adminToken = AdminToken.forAdmin(cfg.admin(), install.dir());
        AuditLog audit = AuditTrail.open(cfg.audit(), install.installKey());
        MicrometerMetrics metrics = new MicrometerMetrics();
        ProxyServer server;
        try {
            server = ProxyServer.start(cfg, detector, redactor, metrics, ca, audit, adminToken);
        } catch (Exception e) {
            audit.close();
            throw e;
        }
        // Watching before the banner, which tells scripts the proxy is ready: a change right after it is never missed.
        ConfigReloader reloader = config.file == null ? null
                : new ConfigReloader(config.file, server, metrics, flags, cfg);
        StartupBanner.print(out, server, cfg, ca.certificatePath(), adminToken, install.dir().resolve("admin.token"));
        if (reloader == null) {
            // Without this, SIGHUP (systemctl reload) would end the JVM on the spot, without a drain.
            Signal.handle(new Signal("HUP"), s -> err.println("airlock: SIGHUP ignored: started without --config, "
                    + "there is no file to reload"));
        }
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> stop.countDown());
        }
        stop.await();
        out.println("airlock: stopping; draining requests in flight for up to " + cfg.timeouts().drain().toSeconds() + " s");
        out.flush();
        if (reloader != null) {
            reloader.close();
        }
        server.close();
        audit.close();
        out.println("airlock: stopped");
        return 0;
    }
}
