package jobdispatch.testing;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/** A real nsqd (built from github.com/nsqio/nsq by bin/test) on free loopback ports. */
public final class Nsqd extends ServerProcess {

    /** nsqd's --msg-timeout in the tests: a message in flight longer than this is redelivered unless touched. */
    public static final String MSG_TIMEOUT = "5s";

    private final int tcpPort;
    private final int httpPort;

    private Nsqd(int tcpPort, int httpPort, Path dir, List<String> more) {
        super("nsqd", arguments(tcpPort, httpPort, dir, more), dir.resolve("nsqd.log"));
        this.tcpPort = tcpPort;
        this.httpPort = httpPort;
    }

    private static List<String> arguments(int tcpPort, int httpPort, Path dir, List<String> more) {
        List<String> arguments = new java.util.ArrayList<>(List.of(Binaries.find("nsqd", "jobs.nsq.bin"),
                "--tcp-address", "127.0.0.1:" + tcpPort,
                "--http-address", "127.0.0.1:" + httpPort,
                "--broadcast-address", "127.0.0.1",
                // short, so that a test sees a long job survive only because its worker touches it
                "--msg-timeout", MSG_TIMEOUT,
                "--data-path", dir.toString()));
        arguments.addAll(more);
        return arguments;
    }

    /**
     * An nsqd that requires TLS on every TCP connection (this certificate and key, PEM; its HTTP API stays plain) and asks the
     * auth server at that address whether a client's AUTH secret may publish and subscribe.
     */
    public static Nsqd startSecured(Path dir, Path certificate, Path key, String authHttpAddress) {
        return start(dir, List.of("--tls-cert", certificate.toString(), "--tls-key", key.toString(),
                "--tls-required=tcp-https", "--auth-http-address", authHttpAddress)); // one argument: the flag is boolean-like
    }

    private static Nsqd start(Path dir, List<String> more) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Nsqd nsqd = new Nsqd(freePort(), freePort(), dir, more);
        nsqd.start().awaitPort(nsqd.tcpPort, Duration.ofSeconds(20)).awaitPort(nsqd.httpPort, Duration.ofSeconds(20));
        return nsqd;
    }

    /** Starts an nsqd of its own, with no nsqlookupd. */
    public static Nsqd start(Path dir) {
        return start(dir, List.of());
    }

    /** Starts nsqd registering its topics with the nsqlookupd at that TCP address. */
    public static Nsqd start(Path dir, String lookupdTcpAddress) {
        return start(dir, List.of("--lookupd-tcp-address", lookupdTcpAddress));
    }

    /** Stops nsqd (it persists its queues on SIGTERM) and starts it again on the same ports and data. */
    public void restart() {
        restart(tcpPort);
        awaitPort(httpPort, Duration.ofSeconds(20));
    }

    /** host:port of the TCP protocol, as publishers and subscribers want it. */
    public String tcpAddress() {
        return "127.0.0.1:" + tcpPort;
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Creates a topic and channel up front so that no message published before a subscriber exists is missed. */
    public void createChannel(String topic, String channel) {
        post("/topic/create?topic=" + topic);
        post("/channel/create?topic=" + topic + "&channel=" + channel);
    }

    /** nsqd's own /stats for a topic (message_count, depth, channels...); empty when nsqd has no such topic. */
    public java.util.Optional<JsonObject> topicStats(String topic) {
        try (JsonReader reader = Json.createReader(new StringReader(get("/stats?format=json&topic=" + topic)))) {
            JsonObject stats = reader.readObject();
            if (stats.isNull("topics")) { // nsqd has no topic at all
                return java.util.Optional.empty();
            }
            for (JsonValue t : stats.getJsonArray("topics")) {
                if (topic.equals(t.asJsonObject().getString("topic_name"))) {
                    return java.util.Optional.of(t.asJsonObject());
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** nsqd's own /stats for one channel of a topic (depth, in_flight_count, requeue_count, timeout_count...). */
    public JsonObject channelStats(String topic, String channel) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(httpUrl() + "/stats?format=json&topic=" + topic + "&channel=" + channel)).build(),
                    HttpResponse.BodyHandlers.ofString());
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                for (JsonValue t : reader.readObject().getJsonArray("topics")) {
                    for (JsonValue c : t.asJsonObject().getJsonArray("channels")) {
                        if (channel.equals(c.asJsonObject().getString("channel_name"))) {
                            return c.asJsonObject();
                        }
                    }
                }
            }
            throw new IllegalStateException("nsqd has no channel " + topic + "/" + channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(httpUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void post(String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(httpUrl() + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("nsqd " + path + ": " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
