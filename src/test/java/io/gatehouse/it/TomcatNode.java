package io.gatehouse.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Tomcat 10.1 node the test starts and stops itself, without Arquillian: its own CATALINA_BASE
 * (target/it/rolling/&lt;name&gt;: the operator's server-config/tomcat files, its own logs, work and data
 * directory) on the build's CATALINA_HOME, gatehouse.war in its webapps, run as a child process
 * ({@code sh catalina.sh run}, which execs the JVM, so the process is Tomcat itself: the unpacked
 * scripts are not executable). Stopped the way an
 * orchestrator does: SIGTERM ({@link #stop}, Tomcat's shutdown hook, hence the drain) or SIGKILL
 * ({@link #kill}).
 */
public final class TomcatNode {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    public final String name;
    public final int port;
    private final Path base;
    private final Map<String, String> settings;
    private Process process;

    private TomcatNode(String name, int port, Path base, Map<String, String> settings) {
        this.name = name;
        this.port = port;
        this.base = base;
        this.settings = settings;
    }

    /**
     * A fresh CATALINA_BASE for the node. {@code settings} become system properties of its JVM
     * (Gatehouse's settings, the data source's gatehouse.db.*), besides the HTTP port and data directory.
     */
    public static TomcatNode create(String name, int port, Map<String, String> settings) throws IOException {
        Path home = home();
        Path base = Path.of(System.getProperty("it.work.dir")).resolveSibling("it").resolve("rolling").resolve(name);
        deleteTree(base);
        for (String dir : List.of("conf", "lib", "logs", "temp", "webapps", "work", "data")) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
            for (Path file : conf.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
            }
        }
        // the operator's files as the README says to install them (the home's copies came from the build too)
        Path operator = Path.of(System.getProperty("basedir", ".")).resolve("server-config/tomcat");
        for (String file : List.of("server.xml", "context.xml")) {
            Files.copy(operator.resolve(file), base.resolve("conf").resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        // gatehouse-tomcat.jar (valve, drain listener) goes to the base's lib, unless the home has it already
        Path valves = Path.of(System.getProperty("it.war")).resolveSibling("gatehouse-tomcat.jar");
        if (!Files.exists(home.resolve("lib/gatehouse-tomcat.jar"))) {
            Files.copy(valves, base.resolve("lib/gatehouse-tomcat.jar"));
        }
        Files.copy(Path.of(System.getProperty("it.war")), base.resolve("webapps/gatehouse.war"));
        return new TomcatNode(name, port, base, settings);
    }

    private static Path home() {
        return Path.of(System.getProperty("it.catalina.home"));
    }

    /** The node's own address (not the balancer's), with the context path, no trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + port + "/gatehouse";
    }

    /** Starts the JVM; returns at once (see {@link #awaitReady}). */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        StringBuilder options = new StringBuilder("-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
                .append(" -Dgatehouse.http.port=").append(port)
                .append(" -DGATEHOUSE_DATA_DIR=").append(base.resolve("data"));
        // values without spaces, as in arquillian.xml's javaVmArguments: catalina.sh word-splits CATALINA_OPTS
        settings.forEach((key, value) -> options.append(" -D").append(key).append('=').append(value));
        ProcessBuilder builder = new ProcessBuilder("sh", home().resolve("bin/catalina.sh").toString(), "run")
                .directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("logs/console.out").toFile()));
        builder.environment().put("CATALINA_HOME", home().toString());
        builder.environment().put("CATALINA_BASE", base.toString());
        builder.environment().put("CATALINA_OPTS", options.toString());
        builder.environment().remove("JAVA_OPTS");
        process = builder.start();
    }

    /** Waits until {@code /health/ready} answers 200; fails when the process ends or time runs out. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " ended with " + process.exitValue() + " while starting; see " + base.resolve("logs"));
            }
            if (status("/health/ready") == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + base.resolve("logs"));
    }

    /** The status of a GET on the node itself, 0 when it does not answer. */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** SIGTERM, as {@code docker stop} or Kubernetes send, and waits for the process to end. */
    public void stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(name + " did not stop within " + timeout + " after SIGTERM");
        }
    }

    /** SIGKILL: the node is gone at once, requests in flight and all. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** The exit status of the last run (SIGTERM: 143, SIGKILL: 137). */
    public int exitValue() {
        return process.exitValue();
    }

    public Path logs() {
        return base.resolve("logs");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
