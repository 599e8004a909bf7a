package jobdispatch.testing;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.sproutsocial.nsq.DirectSubscriber;
import com.sproutsocial.nsq.MessageHandler;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * Subscribes a channel of its own to NSQ topics and keeps every message it receives, so a
 * test can wait for the one it expects. Uses the same client library as the services.
 */
public final class NsqTail implements AutoCloseable {

    /** A message's topic, its body as JSON, and the body's length in bytes as nsqd sent it. */
    public record Received(String topic, JsonObject body, int bytes) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final DirectSubscriber subscriber;

    public NsqTail(Nsqd nsqd, String... topics) {
        String channel = "test-tail-" + UUID.randomUUID().toString().substring(0, 8);
        // nsq-j 1.2's DirectSubscriber always uses the JVM's default client
        subscriber = new DirectSubscriber(1, nsqd.tcpAddress());
        for (String topic : topics) {
            // the channel must exist before anything is published, or nsqd gives it nothing
            nsqd.createChannel(topic, channel);
            subscriber.subscribe(topic, channel, (MessageHandler) message -> {
                try (JsonReader reader = Json.createReader(new StringReader(
                        new String(message.getData(), StandardCharsets.UTF_8)))) {
                    received.add(new Received(message.getTopic(), reader.readObject(), message.getData().length));
                }
                message.finish();
            });
        }
    }

    /** Waits for a message on the topic that matches, and returns its body. */
    public JsonObject await(String topic, Predicate<JsonObject> matches, Duration timeout) {
        return awaitMessage(topic, matches, timeout).body();
    }

    /** Waits for a message on the topic that matches, and returns it whole (its size too). */
    public Received awaitMessage(String topic, Predicate<JsonObject> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received message : received) {
                if (message.topic().equals(topic) && matches.test(message.body())) {
                    return message;
                }
            }
            ServerProcess.sleep(20);
        }
        throw new AssertionError("no message on " + topic + " matched within " + timeout + "; received: " + received);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        subscriber.stop();
    }
}
