package jobdispatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One redis-server and one nsqd for the whole test JVM, on free ports, started before the
 * first test class that asks for them and stopped when the run ends. Their addresses are
 * also written as a Payara Micro {@code --systemproperties} file, so that a Payara Micro
 * started afterwards (by Arquillian or by {@link PayaraMicro}) connects to them. Test classes
 * ask for them with {@code @ExtendWith(TestServers.Start.class)}, before any other extension.
 */
public final class TestServers {

    private static TestServers running;

    private final RedisServer redis;
    private final Nsqlookupd nsqlookupd;
    private final Nsqd nsqd;
    private final Path systemProperties;

    private TestServers(Path dir) {
        // one that fails to start stops those started before it: no shutdown hook knows them yet
        RedisServer startedRedis = RedisServer.start(dir.resolve("redis"));
        Nsqlookupd startedLookupd = null;
        try {
            startedLookupd = Nsqlookupd.start(dir);
            this.nsqd = Nsqd.start(dir.resolve("nsqd"), startedLookupd.tcpAddress());
        } catch (RuntimeException e) {
            ServerProcess.stopAll(startedLookupd, startedRedis);
            throw e;
        }
        this.redis = startedRedis;
        this.nsqlookupd = startedLookupd;
        this.systemProperties = dir.resolve("test-servers.properties");
        writeSystemProperties();
    }

    /** The servers of this JVM, started on first use. */
    public static synchronized TestServers get() {
        if (running == null) {
            Path dir = Binaries.target().resolve("test-servers");
            running = new TestServers(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "test-servers-stop"));
        }
        return running;
    }

    /** The JUnit extension that starts the servers before the test class (and before Arquillian). */
    public static final class Start implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            get();
        }
    }

    public RedisServer redis() {
        return redis;
    }

    public Nsqd nsqd() {
        return nsqd;
    }

    public Nsqlookupd nsqlookupd() {
        return nsqlookupd;
    }

    /** The file to pass to Payara Micro as {@code --systemproperties}. */
    public Path systemProperties() {
        return systemProperties;
    }

    private void writeSystemProperties() {
        Properties properties = new Properties();
        properties.setProperty("redis.url", redis.url());
        properties.setProperty("nsqd.address", nsqd.tcpAddress());
        properties.setProperty("nsqd.http.url", nsqd.httpUrl());
        // the workers ask nsqd which event topics have a channel before every batch of events, not
        // once a second: a test's channel, made just before its job, gets the job's events
        properties.setProperty("worker.events.check.ms", "0");
        try (Writer out = Files.newBufferedWriter(systemProperties)) {
            properties.store(out, "written by " + TestServers.class.getName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        nsqd.stop();
        nsqlookupd.stop();
        redis.stop();
    }
}
