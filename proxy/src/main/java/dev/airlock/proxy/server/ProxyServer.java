package dev.airlock.proxy.server;

import dev.airlock.config.AirlockConfig;
import dev.airlock.config.HostPort;
import dev.airlock.config.Restore;
import dev.airlock.config.ResponseAction;
import dev.airlock.config.RouteConfig;
import dev.airlock.detector.Detector;
import dev.airlock.detector.Redactor;
import dev.airlock.proxy.audit.AuditLog;
import dev.airlock.proxy.ca.CertificateAuthority;
import dev.airlock.proxy.dashboard.AdminToken;
import dev.airlock.proxy.dashboard.DashboardHandler;
import dev.airlock.proxy.dashboard.RecentEvents;
import dev.airlock.proxy.inspect.Policy;
import dev.airlock.proxy.onboard.ClientSetup;
import dev.airlock.proxy.onboard.ProxyPac;
import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.metrics.MicrometerMetrics;
import dev.airlock.proxy.response.PlaceholderVault;
import dev.airlock.proxy.response.ResponseRedaction;
import dev.airlock.proxy.route.ForwardRoutes;
import dev.airlock.proxy.route.InterceptHosts;
import dev.airlock.proxy.route.Routes;
import dev.airlock.proxy.upstream.UpstreamTls;
import dev.airlock.proxy.upstream.Upstreams;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Airlock: the proxy listener, the admin listener, and what they share. {@link #close()} drains: readiness
 * turns false, both listeners stop accepting, requests and streams in flight get {@code timeouts.drain} to finish,
 * then everything closes.
 */
public final class ProxyServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

    private volatile AirlockConfig config;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Upstreams upstreams;
    private final Tunnels tunnels;
    /** Tells {@link #vault} every placeholder it makes, for the request being inspected. */
    private final Redactor redactor;
    /**
     * The same install key telling no vault: placeholders for credentials the model writes are never remembered, so
     * no restore can ever hand one back.
     */
    private final Redactor answers;
    /** Collects each request's placeholders for its own answer; keeps none itself. */
    private final PlaceholderVault vault = new PlaceholderVault();
    private final MicrometerMetrics metrics;
    private final AuditLog audit;
    private final TargetGuard guard;
    private final ThreadPoolExecutor scanners;
    private final Drain drain;
    /** What new requests run with; replaced whole by {@link #reload}. */
    private final AtomicReference<ProxyRuntime> runtime;
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel proxyChannel;
    private final Channel adminChannel;
    /** The dashboard's memory of recent events; every audit event reaches it besides the caller's audit log. */
    private final RecentEvents recent = new RecentEvents();
    private final String transportName;
    private volatile boolean ready;

    private ProxyServer(AirlockConfig config, Detector detector, Redactor redactor, MicrometerMetrics metrics,
                        CertificateAuthority ca, AuditLog audit, AdminToken adminToken)
            throws IOException, GeneralSecurityException, InterruptedException {
        this.config = config;
        Transport transport = Transport.best();
        this.transportName = transport.name();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.boss = transport.group(1, "airlock-accept");
        this.workers = transport.group(threads, "airlock-io");
        InetSocketAddress parent = config.upstream().proxy() == null ? null
                : new InetSocketAddress(InetAddress.getByName(config.upstream().proxy().getHost()),
                config.upstream().proxy().getPort());
        this.upstreams = new Upstreams(transport, UpstreamTls.context(config.upstream().caFile()), config.upstream(),
                parent, config.timeouts().upstreamConnect(), config.timeouts().upstreamIdle());
        this.scanners = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                daemonThreads("airlock-scan"), new ThreadPoolExecutor.AbortPolicy());
        this.drain = new Drain();
        this.redactor = redactor.withListener(vault);
        this.answers = redactor.withListener((placeholder, secret) -> { });
        this.metrics = metrics;
        this.audit = AuditLog.tee(audit, recent);
        this.guard = new TargetGuard(transport, !isLoopback("listen", config.listen()),
                config.access().allowPrivateTargets(), config.upstream().connectTo(), parent != null);
        this.tunnels = new Tunnels(transport, parent, guard.resolver(), config.timeouts().upstreamConnect(),
                config.timeouts().upstreamIdle());
        this.runtime = new AtomicReference<>(newRuntime(config, detector, ca, guard,
                new BufferBudget(config.limits().maxBufferedBytes())));
        try {
            this.proxyChannel = bind(transport, config.listen(), new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    clients.add(ch);
                    metrics.connectionOpened();
                    ch.closeFuture().addListener(f -> metrics.connectionClosed());
                    ch.pipeline().addLast(new ClientInitializer(runtime::get));
                }
            });
            // The PAC names the port actually bound (listen port 0 picks one) and the hosts of the running config.
            HostPort proxyAt = new HostPort(config.listen().host(), proxyAddress().getPort());
            Function<String, String> pac = requestHost -> ProxyPac.render(runtime.get().intercept().hosts(),
                    pacProxy(proxyAt, requestHost).toString());
            DashboardHandler dashboard = new DashboardHandler(recent, detector.rules(), adminToken, proxyAt);
            this.adminChannel = bind(transport, config.admin(), new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.config().setAutoRead(true);
                    // An admin connection that sends nothing for two minutes is closed: no file descriptors held idle.
                    ch.pipeline().addLast(new ReadTimeoutHandler(120), new HttpServerCodec(),
                            new HttpObjectAggregator(64 * 1024), dashboard,
                            new AdminHandler(metrics, () -> ready, ca.rootPem(), pac));
                }
            });
        } catch (IOException | RuntimeException | InterruptedException e) {
            shutdownNow();
            throw e;
        }
        guard.ownPorts(Set.of(proxyAddress().getPort(), adminAddress().getPort()));
        this.ready = true;
    }

    /**
     * The proxy address a PAC names. Listening on a wildcard address, the machine's name is whatever the client used
     * to fetch the PAC (the admin port is on the same machine); a Host header that is no plain host name is ignored.
     */
    static HostPort pacProxy(HostPort proxyAt, String requestHost) {
        boolean wildcard = proxyAt.host().equals("0.0.0.0") || proxyAt.host().equals("::")
                || proxyAt.host().replace(":", "").replace("0", "").isEmpty();
        if (wildcard && requestHost != null) {
            String host = requestHost.strip();
            int colon = host.lastIndexOf(':');
            if (colon > 0 && host.indexOf(']') < colon) {
                host = host.substring(0, colon);
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (!host.isEmpty() && host.length() <= 253 && host.chars().allMatch(
                    c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                            || c == ':')) {
                return new HostPort(host, proxyAt.port());
            }
        }
        return ClientSetup.reachable(proxyAt);
    }

    private ProxyRuntime newRuntime(AirlockConfig c, Detector detector, CertificateAuthority ca, TargetGuard targets,
                                    BufferBudget budget) {
        Policy policy = new Policy(c.policy(), redactor);
        RequestInspector inspector = new RequestInspector(detector, redactor, policy, c.limits().maxBodyBytes());
        Map<String, RequestInspector> routeInspectors = new HashMap<>();
        for (RouteConfig route : c.routes()) {
            if (!route.allow().isEmpty()) {
                routeInspectors.put(route.name(), new RequestInspector(detector, redactor, policy.forRoute(route.allow()),
                        c.limits().maxBodyBytes()));
            }
        }
        Routes routes = Routes.of(c.routes(),
                isLoopbackUnchecked(c.listen()) || c.access().allowPrivateTargets());
        vault.enable(c.policy().restore() != Restore.OFF);
        return new ProxyRuntime(routes, inspector, upstreams, metrics, c.limits(), c.timeouts(), budget, scanners, drain,
                c.intercept(), InterceptHosts.of(c.intercept().hosts()), new ForwardRoutes(routes), targets, tunnels, ca,
                new ProxyAccess(c.access()), audit, vault, c.policy().restore(),
                c.response().action() == ResponseAction.REDACT ? new ResponseRedaction(detector, answers) : null,
                routeInspectors, c.websocket());
    }

    /**
     * Swaps in a new configuration for the requests that start from now on; requests in flight finish with the one
     * they started with. Routes, policy, rules, limits, timeouts, intercept hosts, access, {@code response} and
     * {@code websocket} reload; listener addresses, {@code upstream} and {@code audit} need a restart and keep their
     * running values.
     *
     * @return what did not take effect and why, for the log
     * @throws IllegalArgumentException when the new configuration would leave a gateway listener unguarded
     */
    public synchronized List<String> reload(AirlockConfig next, Detector detector) throws GeneralSecurityException {
        AirlockConfig running = config;
        List<String> notes = new ArrayList<>();
        if (!next.listen().equals(running.listen()) || !next.admin().equals(running.admin())) {
            notes.add("listen and admin addresses change on restart only; still on " + running.listen() + " and "
                    + running.admin());
        }
        if (!next.upstream().equals(running.upstream())) {
            notes.add("upstream (caFile, connectTo, proxy) changes on restart only; the running values stay");
        }
        if (!next.audit().equals(running.audit())) {
            notes.add("audit changes on restart only; the running trail stays");
        }
        AirlockConfig effective = new AirlockConfig(running.listen(), running.admin(), next.routes(), running.upstream(),
                next.intercept(), next.policy(), next.limits(), next.timeouts(), running.audit(), next.rules(),
                next.access(), next.response(), next.websocket());
        if (!isLoopbackUnchecked(effective.listen()) && !effective.access().guarded()) {
            throw new IllegalArgumentException("access would no longer guard the listener on " + effective.listen()
                    + " (expected: access.users or access.clients while listening beyond loopback)");
        }
        ProxyRuntime old = runtime.get();
        CertificateAuthority ca = effective.intercept().hosts().equals(running.intercept().hosts()) ? old.ca()
                : old.ca().withHosts(InterceptHosts.of(effective.intercept().hosts()));
        TargetGuard targets = effective.access().allowPrivateTargets() == running.access().allowPrivateTargets()
                ? old.guard() : old.guard().allowingPrivate(effective.access().allowPrivateTargets());
        BufferBudget budget = effective.limits().maxBufferedBytes() == running.limits().maxBufferedBytes()
                ? old.budget() : new BufferBudget(effective.limits().maxBufferedBytes());
        ProxyRuntime fresh = newRuntime(effective, detector, ca, targets, budget);
        runtime.set(fresh);
        config = effective;
        closeRevoked(fresh.access());
        return notes;
    }

    /**
     * Closes the client connections the new access settings would not let in: a user removed or given a new
     * password, an address no longer allowed, a connection accepted before access was required. Requests on a kept
     * connection are each checked anyway, but a tunnel ({@code CONNECT}) was checked once, when it opened.
     */
    private void closeRevoked(ProxyAccess access) {
        if (!access.guards()) {
            return;
        }
        for (Channel ch : clients) {
            ch.eventLoop().execute(() -> {
                ProxyAccess.Admission admission = ch.attr(ProxyAccess.ADMISSION).get();
                boolean checked = admission != null || ch.pipeline().get(ClientAccessHandler.class) != null;
                if (ch.isActive() && checked && admission == null) {
                    return; // its first request is still being checked, against the new settings
                }
                InetAddress client = ((InetSocketAddress) ch.remoteAddress()).getAddress();
                if (ch.isActive() && !access.stillAdmits(client, admission)) {
                    log.info("[{}] closed: the reloaded access settings no longer admit this connection{}",
                            ch.id().asShortText(), admission == null || admission.user() == null ? ""
                                    : " (user " + admission.user() + ")");
                    ch.close();
                }
            });
        }
    }

    private static boolean isLoopbackUnchecked(HostPort listen) {
        try {
            return isLoopback("listen", listen);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Binds both listeners; fails (and releases everything) when either address cannot be used.
     *
     * @param audit      where audit events go besides the dashboard; the caller owns it and closes it after this
     *                   server
     * @param adminToken what the dashboard and its API require ({@link AdminToken#forAdmin}); null is allowed only
     *                   for a loopback admin address
     */
    public static ProxyServer start(AirlockConfig config, Detector detector, Redactor redactor, MicrometerMetrics metrics,
                                    CertificateAuthority ca, AuditLog audit, AdminToken adminToken)
            throws IOException, GeneralSecurityException, InterruptedException {
        refuseOpenListener(config);
        refuseOpenDashboard(config, adminToken);
        ProxyServer server = new ProxyServer(config, detector, redactor, metrics, ca, audit, adminToken);
        try {
            server.refuseRoutesToItself();
        } catch (IOException e) {
            server.close(Duration.ZERO);
            throw e;
        }
        return server;
    }

    /**
     * Anyone who can reach the proxy port can send prompts through it with the install's redaction key and reach
     * whatever the machine can reach, so a listener beyond loopback needs proxy authentication or a client allowlist.
     */
    private static void refuseOpenListener(AirlockConfig config) throws IOException {
        if (!isLoopback("listen", config.listen()) && !config.access().guarded()) {
            throw new IOException("listen " + config.listen() + " is not a loopback address, and a proxy reachable "
                    + "from other machines needs access.users (proxy authentication) or access.clients (an address "
                    + "allowlist) (expected: one of them, or listen on 127.0.0.1)");
        }
    }

    /** The dashboard lists who leaked what: beyond loopback it is for token holders only. */
    private static void refuseOpenDashboard(AirlockConfig config, AdminToken adminToken) throws IOException {
        if (adminToken == null && !isLoopback("admin", config.admin())) {
            throw new IOException("admin " + config.admin() + " is not a loopback address, and the dashboard on it "
                    + "needs an admin token (expected: a token, or admin on 127.0.0.1)");
        }
    }

    /** True for a loopback address; an unknown host name is refused like any other start-up problem. */
    private static boolean isLoopback(String key, HostPort address) throws IOException {
        try {
            return InetAddress.getByName(address.host()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IOException(key + " " + address + ": unknown host (expected: an address of this machine, such as "
                    + "127.0.0.1)");
        }
    }

    /**
     * A route to Airlock's own proxy port loops forever, and one to its admin port would expose metrics and, later,
     * the CA to anyone who can reach the proxy: both are refused at start, once the real ports are known.
     */
    private void refuseRoutesToItself() throws IOException {
        Set<Integer> own = Set.of(proxyAddress().getPort(), adminAddress().getPort());
        for (RouteConfig route : Routes.of(config.routes()).all()) {
            if (route.perResource()) {
                continue;
            }
            java.net.URI u = route.upstreamFor("");
            int port = u.getPort() > 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            String host = u.getHost().replace("[", "").replace("]", "");
            boolean local = host.equals("localhost") || host.equals("0.0.0.0") || host.equals("::")
                    || host.startsWith("127.") || host.equals("::1") || host.equals(config.listen().host());
            if (local && own.contains(port)) {
                throw new IOException("route \"" + route.name() + "\" points at Airlock itself (" + u.getHost() + ":"
                        + port + "); expected: the provider's address");
            }
        }
    }

    private Channel bind(Transport transport, HostPort at, ChannelInitializer<SocketChannel> init)
            throws IOException, InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(init);
        var f = b.bind(at.host(), at.port()).await();
        if (!f.isSuccess()) {
            throw new IOException("cannot listen on " + at + ": " + f.cause().getMessage(), f.cause());
        }
        return f.channel();
    }

    public InetSocketAddress proxyAddress() {
        return (InetSocketAddress) proxyChannel.localAddress();
    }

    public InetSocketAddress adminAddress() {
        return (InetSocketAddress) adminChannel.localAddress();
    }

    public String transport() {
        return transportName;
    }

    /** Drains for {@code timeouts.drain}, then closes everything. */
    @Override
    public void close() throws InterruptedException {
        close(config.timeouts().drain());
    }

    public void close(Duration drainDeadline) throws InterruptedException {
        ready = false;
        proxyChannel.close().await();
        int left = drain.drain(drainDeadline);
        if (left > 0) {
            log.warn("shutdown: {} requests or WebSockets still in flight after the drain deadline of {} s; "
                    + "closing them", left, drainDeadline.toSeconds());
        }
        adminChannel.close().await();
        clients.close().await();
        shutdownNow();
    }

    private void shutdownNow() {
        upstreams.close();
        if (guard != null) {
            guard.close();
        }
        scanners.shutdownNow();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
