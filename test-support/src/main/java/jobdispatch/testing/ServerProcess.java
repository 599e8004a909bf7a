package jobdispatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A server started as a child process, its output in a log file, stopped with the test run. */
public class ServerProcess implements AutoCloseable {

    private static final int FIRST_PORT = 20000;
    private static final int PORTS = 8000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;

    public ServerProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
    }

    public ServerProcess start() {
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Waits until something accepts connections on the port, or stops the server and fails with the log's path. */
    public ServerProcess awaitPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ", see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        stop();
        throw new IllegalStateException(name + " did not open port " + port + " in " + timeout + ", see " + log);
    }

    /** Stops the server (SIGTERM) and starts it again with the same ports and data. */
    public void restart(int port) {
        stop();
        start().awaitPort(port, java.time.Duration.ofSeconds(20));
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGTERM, then SIGKILL if it has not gone after ten seconds. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** SIGKILL: the crash a test wants to survive. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * A loopback port nothing listens on, and one this JVM has not handed out before. Taken from
     * below the kernel's ephemeral ports (32768 on): a port the kernel picked for {@code bind(0)}
     * was, once released, taken by a client's connection before nsqlookupd could bind it. bin/'s
     * scripts take theirs from 28000 on.
     */
    public static int freePort() {
        for (int tries = 0; tries < 500; tries++) {
            int port = FIRST_PORT + ThreadLocalRandom.current().nextInt(PORTS);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException busy) {
                continue;
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port from " + FIRST_PORT + " to " + (FIRST_PORT + PORTS - 1));
    }

    /** Stops each server that was started (null: never started), in the order given. */
    public static void stopAll(ServerProcess... servers) {
        for (ServerProcess server : servers) {
            if (server != null) {
                server.stop();
            }
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
