package jobdispatch.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Payara Micro process running the real WARs, as bin/run starts it: {@code --deploy
 * war:contextRoot} for each, configured by a {@code --systemproperties} file.
 */
public final class PayaraMicro extends ServerProcess {

    private final int port;

    private PayaraMicro(String name, List<String> command, Path log, int port) {
        super(name, command, log);
        this.port = port;
    }

    /**
     * Starts Payara Micro on the port with the given WARs (path to context root), the servers'
     * addresses and extra system properties, and waits until {@code readyPath} answers 200.
     */
    public static PayaraMicro start(String name, int port, Map<Path, String> wars, Path systemProperties,
                                    Map<String, String> extraProperties, String readyPath) {
        List<String> deploys = new ArrayList<>();
        wars.forEach((war, contextRoot) -> deploys.addAll(List.of("--deploy", war + ":" + contextRoot)));
        return launch(name, microJar(), port, deploys, systemProperties, extraProperties, readyPath);
    }

    /** Starts a Payara Micro uber-jar (its WARs inside) the same way. */
    public static PayaraMicro startUberJar(String name, Path jar, int port, Path systemProperties,
                                           Map<String, String> extraProperties, String readyPath) {
        return launch(name, jar, port, List.of(), systemProperties, extraProperties, readyPath);
    }

    private static PayaraMicro launch(String name, Path jar, int port, List<String> deploys, Path systemProperties,
                                      Map<String, String> extraProperties, String readyPath) {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        extraProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString(), "--nohazelcast", "--port", Integer.toString(port),
                "--systemproperties", systemProperties.toString()));
        command.addAll(deploys);
        PayaraMicro micro = new PayaraMicro(name, command, Binaries.target().resolve("payara-" + name + ".log"), port);
        micro.start();
        try {
            new JsonHttp(micro.baseUri()).awaitGet(readyPath, response -> response.status() == 200, Duration.ofSeconds(120));
        } catch (RuntimeException | Error notReady) {
            micro.stop(); // the caller never gets it to stop: do not leave it running
            throw notReady;
        }
        return micro;
    }

    public int port() {
        return port;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public static Path microJar() {
        String jar = System.getProperty("payara.microJar");
        if (jar == null || !Files.isRegularFile(Paths.get(jar))) {
            throw new IllegalStateException("-Dpayara.microJar must name the payara-micro jar (the build copies it), got " + jar);
        }
        return Paths.get(jar);
    }
}
