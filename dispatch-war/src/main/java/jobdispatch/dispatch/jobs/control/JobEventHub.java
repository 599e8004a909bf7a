package jobdispatch.dispatch.jobs.control;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

import jobdispatch.dispatch.JsonParsing;
import jobdispatch.dispatch.redis.RedisConnection;

/**
 * Every job transition, as the Lua scripts publish it on Redis's {@code jobs:events} channel,
 * relayed to the server-sent-event streams of this instance. Through Redis pub/sub each dispatch
 * instance sees the transitions that all of them make. A stream may ask for some statuses and
 * types only; the others are not sent to it.
 */
@ApplicationScoped
public class JobEventHub {

    static final String CHANNEL = "jobs:events";
    private static final Logger LOG = Logger.getLogger(JobEventHub.class.getName());

    @Inject
    RedisConnection redis;

    @Resource
    ManagedThreadFactory threads;

    private volatile JedisPubSub subscription;
    private volatile boolean stopped;
    private volatile Sse sse;
    // the open streams and what each asked for; Jersey's SseBroadcaster throws at every broadcast
    // once a client has gone, and sends every event to every stream
    private final Map<SseEventSink, Filter> sinks = new ConcurrentHashMap<>();

    /** The transitions a stream asked for: of these statuses and these types, each set empty for all. */
    public record Filter(Set<String> statuses, Set<String> types) {

        public static Filter of(Collection<String> statuses, Collection<String> types) {
            return new Filter(Set.copyOf(statuses), Set.copyOf(types));
        }

        boolean all() {
            return statuses.isEmpty() && types.isEmpty();
        }

        boolean accepts(JsonObject transition) {
            return (statuses.isEmpty() || statuses.contains(transition.getString("status", "")))
                    && (types.isEmpty() || types.contains(transition.getString("type", "")));
        }
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        threads.newThread(this::listen).start();
    }

    /**
     * Holds a Redis subscription for as long as the application runs, and subscribes again after
     * an outage. It uses a client of its own: a connection in subscriber mode must never be
     * handed to other commands, which it would answer with channel messages.
     */
    private void listen() {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(2);
        try (UnifiedJedis subscriber = redis.open(pool)) {
            subscribeUntilStopped(subscriber);
        }
    }

    private void subscribeUntilStopped(UnifiedJedis subscriber) {
        while (!stopped) {
            // a JedisPubSub belongs to one connection: a new one for each
            JedisPubSub current = new JedisPubSub() {
                @Override
                public void onMessage(String channel, String message) {
                    broadcast(message);
                }
            };
            subscription = current;
            try {
                subscriber.subscribe(current, CHANNEL);
            } catch (RuntimeException e) {
                if (!stopped) {
                    LOG.warning(() -> "job events: Redis subscription lost (" + e.getMessage() + "), retrying");
                    sleepQuietly();
                }
            }
        }
    }

    /** Adds a client's event stream, which gets the transitions the filter accepts. */
    public void register(SseEventSink sink, Sse sse, Filter filter) {
        this.sse = sse;
        sinks.put(sink, filter);
    }

    /** Sends the transition to every open stream and forgets the closed ones; nothing here may end the subscription. */
    private void broadcast(String transition) {
        Sse factory = sse;
        if (factory == null || sinks.isEmpty()) {
            return;
        }
        // the JSON as bytes, written as they are: a String would be written through a new 8 KiB
        // encoder for each event and each stream (Jersey's StringMessageProvider); an event's media
        // type only picks the writer and never goes on the wire, and JSON-B would take byte[] as an array
        OutboundSseEvent event = factory.newEventBuilder().name("job").mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(byte[].class, transition.getBytes(StandardCharsets.UTF_8)).build();
        JsonObject parsed = null;  // only when a stream has a filter, and once
        for (Map.Entry<SseEventSink, Filter> stream : sinks.entrySet()) {
            SseEventSink sink = stream.getKey();
            if (sink.isClosed()) {
                sinks.remove(sink);
                continue;
            }
            Filter filter = stream.getValue();
            if (!filter.all()) {
                if (parsed == null) {
                    parsed = fieldsOf(transition);
                }
                if (!filter.accepts(parsed)) {
                    continue;
                }
            }
            try {
                sink.send(event).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        forget(sink);
                    }
                });
            } catch (RuntimeException gone) {
                forget(sink);
            }
        }
    }

    /**
     * The transition's fields, for the filters; none for a message that is not a JSON object (no
     * filter accepts it). Thrown out of the subscription, the parse error would stall every stream
     * until the subscription is renewed.
     */
    private static JsonObject fieldsOf(String transition) {
        try {
            return JsonParsing.parse(transition).asJsonObject();
        } catch (RuntimeException notAnObject) {
            LOG.fine(() -> "job events: not a JSON object on " + CHANNEL + ": " + transition);
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    private void forget(SseEventSink sink) {
        sinks.remove(sink);
        try {
            sink.close();
        } catch (RuntimeException alreadyClosed) {
            // the client went away; nothing to do
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        JedisPubSub current = subscription;
        if (current != null && current.isSubscribed()) {
            current.unsubscribe();
        }
        sinks.keySet().forEach(this::forget);
    }

    private static void sleepQuietly() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
