package jobdispatch.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real nsqlookupd on free loopback ports, for tests of workers that find nsqd through it. */
public final class Nsqlookupd extends ServerProcess {

    private final int tcpPort;
    private final int httpPort;

    private Nsqlookupd(int tcpPort, int httpPort, Path log) {
        super("nsqlookupd", List.of(Binaries.find("nsqlookupd", "jobs.nsq.bin"),
                "--tcp-address", "127.0.0.1:" + tcpPort, "--http-address", "127.0.0.1:" + httpPort,
                "--broadcast-address", "127.0.0.1"), log);
        this.tcpPort = tcpPort;
        this.httpPort = httpPort;
    }

    public static Nsqlookupd start(Path dir) {
        Nsqlookupd lookupd = new Nsqlookupd(freePort(), freePort(), dir.resolve("nsqlookupd.log"));
        lookupd.start().awaitPort(lookupd.tcpPort, Duration.ofSeconds(20)).awaitPort(lookupd.httpPort, Duration.ofSeconds(20));
        return lookupd;
    }

    /** Where nsqd registers (its --lookupd-tcp-address). */
    public String tcpAddress() {
        return "127.0.0.1:" + tcpPort;
    }

    /** Where clients look topics up (host:port of the HTTP API). */
    public String httpAddress() {
        return "127.0.0.1:" + httpPort;
    }
}
