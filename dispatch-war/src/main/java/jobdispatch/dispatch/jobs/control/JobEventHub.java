package jobdispatch.dispatch.jobs.control;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

import jobdispatch.dispatch.JsonParsing;
import jobdispatch.dispatch.jobs.entity.Job;
import jobdispatch.dispatch.redis.RedisConnection;

/**
 * Every job transition, as the Lua scripts publish it on Redis's {@code jobs:events} channel,
 * relayed to the server-sent-event streams of this instance, and the end of a job to the requests
 * that wait for it ({@code waitMs}). Through Redis pub/sub each dispatch instance sees the
 * transitions that all of them make. A stream may ask for some statuses and types only; the
 * others are not sent to it.
 */
@ApplicationScoped
public class JobEventHub {

    static final String CHANNEL = "jobs:events";
    static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(2);
    /** The statuses after which a job never changes again (deleted: it is gone). */
    static final Set<String> ENDS = Set.of("complete", "failed", "cancelled", "deleted");
    private static final Logger LOG = Logger.getLogger(JobEventHub.class.getName());
    private static final int ANSWERING_THREADS = 2;

    @Inject
    RedisConnection redis;

    @Resource
    ManagedThreadFactory threads;

    @Resource
    ManagedScheduledExecutorService scheduler;

    // a comment this often on every stream: proxies keep an idle stream open, and a stream whose
    // client has gone is found by the failed write even when no transition passes its filter
    @Inject
    @ConfigProperty(name = "events.keepalive.ms", defaultValue = "15000")
    long keepAliveMillis;

    // how long the subscription outlives the last wait: while it lasts, Redis publishes every
    // transition and this instance reads each (13-24 % of e2e's jobs/s in one measurement,
    // docs/performance.md, item 59), so it covers a client's next wait, not the next minutes
    @Inject
    @ConfigProperty(name = "events.wait.linger.ms", defaultValue = "1000")
    long waitLingerMillis;

    private ScheduledFuture<?> keepAlive;
    // the threads that answer the requests waiting for a job's end (ended)
    private ExecutorService answering;

    // guards the subscription's life: started when the first stream registers, ended when a
    // transition or a keep-alive round finds no stream left
    private final Object lock = new Object();
    private Subscription active;  // the subscription in force or being made; null when none
    private CompletableFuture<Void> nextSubscribed = new CompletableFuture<>();  // completed by the next one
    private volatile boolean stopped;
    private volatile Sse sse;
    // the open streams and what each asked for; Jersey's SseBroadcaster throws at every broadcast
    // once a client has gone, and sends every event to every stream
    private final Map<SseEventSink, Filter> sinks = new ConcurrentHashMap<>();
    // the jobs that requests here wait for, each with the one Finish its waiters share
    private final Map<String, Finish> awaited = new ConcurrentHashMap<>();
    // the awaited jobs whose change this instance is recording now, and whether an end of theirs
    // was published meanwhile: the recorder tells their waiters, with the job as its change left it
    private final Map<String, Boolean> recording = new ConcurrentHashMap<>();
    // the subscription outlives the last wait by events.wait.linger.ms: a client that waits for
    // one job after another would otherwise pay a SUBSCRIBE before each
    private volatile long lingerUntil;

    /**
     * The end of one job (complete, failed, cancelled or deleted), shared by the requests that
     * wait for it: completed with the job as it ended when this instance recorded the end, with
     * null (read it) when another instance did.
     */
    public static final class Finish {

        private final CompletableFuture<Job> ended = new CompletableFuture<>();
        private int waiters;  // changed only inside awaited's compute for the job's id

        public CompletableFuture<Job> ended() {
            return ended;
        }
    }

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
        answering = Executors.newFixedThreadPool(ANSWERING_THREADS, threads);
        threads.newThread(this::listen).start();
        keepAlive = Periodically.run(scheduler, keepAliveMillis, this::keepAlive, LOG, "event stream keep-alive");
    }

    /**
     * Holds a Redis subscription while any stream is open, and subscribes again after an outage.
     * With no stream open it holds none: every dispatch instance would otherwise read all three
     * transitions of every job, and Redis write them to it, for nobody. It uses a client of its
     * own: a connection in subscriber mode must never be handed to other commands, which it
     * would answer with channel messages.
     */
    private void listen() {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(2);
        try (UnifiedJedis subscriber = redis.open(pool)) {
            subscribeWhileWanted(subscriber);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void subscribeWhileWanted(UnifiedJedis subscriber) throws InterruptedException {
        while (true) {
            Subscription current;
            synchronized (lock) {
                while (!stopped && !wanted()) {
                    lock.wait();
                }
                if (stopped) {
                    return;
                }
                // a JedisPubSub belongs to one connection: a new one for each
                current = new Subscription(nextSubscribed);
                nextSubscribed = new CompletableFuture<>();
                active = current;
            }
            try {
                subscriber.subscribe(current, CHANNEL);
            } catch (RuntimeException e) {
                if (!stopped) {
                    LOG.warning(() -> "job events: Redis subscription lost (" + e.getMessage() + "), retrying");
                    TimeUnit.SECONDS.sleep(1);
                }
            } finally {
                synchronized (lock) {
                    if (active == current) {
                        active = null;
                    }
                }
            }
        }
    }

    /** One subscription to the channel: it says when Redis confirmed it, and ends itself once no stream is left. */
    private final class Subscription extends JedisPubSub {

        final CompletableFuture<Void> subscribed;

        Subscription(CompletableFuture<Void> subscribed) {
            this.subscribed = subscribed;
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            subscribed.complete(null);
        }

        @Override
        public void onMessage(String channel, String message) {
            broadcast(message);
            if (!awaited.isEmpty()) {
                endedElsewhere(message);
            }
            unsubscribeIfUnused();
        }
    }

    private boolean wanted() {
        return !sinks.isEmpty() || !awaited.isEmpty();
    }

    /**
     * Ends the subscription when no stream and no wait is left and the last wait's linger is
     * over; a stream or wait that registers from then on waits for the next one.
     */
    private void unsubscribeIfUnused() {
        if (wanted() || System.currentTimeMillis() < lingerUntil) {
            return;
        }
        synchronized (lock) {
            Subscription current = active;
            // one still being made is left to the next transition or keep-alive round
            if (!wanted() && current != null && current.isSubscribed()) {
                active = null;
                current.unsubscribe();
            }
        }
    }

    private void keepAlive() {
        Sse factory = sse;
        if (factory != null && !sinks.isEmpty()) {
            send(factory.newEventBuilder().comment("keep-alive").build(), null);
        }
        unsubscribeIfUnused();
    }

    /**
     * Adds a client's event stream, which gets the transitions the filter accepts. Returns once
     * Redis has confirmed the subscription (or after {@link #SUBSCRIBE_WAIT} when it cannot: the
     * stream then begins when Redis is back), so that a client that has the stream's headers gets
     * every transition made from then on.
     */
    public void register(SseEventSink sink, Sse sse, Filter filter) {
        this.sse = sse;
        sinks.put(sink, filter);
        awaitSubscription("the stream opens without it");
    }

    /**
     * Registers a wait for the job's end, and returns once Redis has confirmed the subscription
     * (as {@link #register} does), so that an end another instance records from then on reaches
     * it. Each call must be followed by {@link #release} once the waiter has its answer.
     */
    public Finish awaitEnd(String id) {
        Finish finish = awaited.compute(id, (key, shared) -> {
            Finish mine = shared == null ? new Finish() : shared;
            mine.waiters++;
            return mine;
        });
        awaitSubscription("a wait for a job that another instance finishes lasts until its timeout");
        return finish;
    }

    /** The waiter has its answer; the job's Finish is forgotten with its last waiter. */
    public void release(String id, Finish finish) {
        lingerUntil = System.currentTimeMillis() + waitLingerMillis;
        awaited.computeIfPresent(id, (key, shared) -> shared == finish && --shared.waiters == 0 ? null : shared);
    }

    /** Which of these jobs requests here wait for, each once. */
    public List<String> awaitedAmong(List<String> ids) {
        return awaited.isEmpty() ? List.of() : ids.stream().filter(awaited::containsKey).distinct().toList();
    }

    /**
     * This instance is about to change these awaited jobs: an end Redis publishes meanwhile is
     * left to {@link #recordedHere}, whose job is the one the change left (and saves a read). Its
     * own transition's message would otherwise reach the waiters first, without the job.
     */
    public void recordingHere(List<String> ids) {
        ids.forEach(id -> recording.put(id, Boolean.FALSE));
    }

    /**
     * The change of {@link #recordingHere} is over: its waiters get the job it ended, or, when
     * it did not end it and an end was published meanwhile (another instance), are told to read it.
     */
    public void recordedHere(String id, Job ended) {
        Boolean endPublished = recording.remove(id);
        if (ended != null) {
            ended(id, ended);
        } else if (Boolean.TRUE.equals(endPublished)) {
            ended(id, null);
        }
    }

    /**
     * The job has ended: its waiters get it as it ended, or (null) are told to read it. They are
     * answered on a thread of this hub's: the end is mostly recorded by a worker's completion
     * request, and a waiting request resumed on that request's thread finds the completion's
     * request contexts active (Weld warns five times per answer, and swaps its contexts in).
     */
    public void ended(String id, Job job) {
        if (awaited.containsKey(id)) {
            // the linger begins before the wait is gone, so that the check of this very
            // transition's message (on the subscription's thread) finds the one or the other
            lingerUntil = System.currentTimeMillis() + waitLingerMillis;
        }
        Finish finish = awaited.remove(id);
        if (finish != null) {
            try {
                answering.execute(() -> finish.ended.complete(job));
            } catch (RejectedExecutionException stopping) {
                finish.ended.complete(job);
            }
        }
    }

    /** A transition was published (by any instance): a final one ends the job's waits, unless its change is being recorded here. */
    private void endedElsewhere(String transition) {
        JsonObject fields = fieldsOf(transition);
        if (ENDS.contains(fields.getString("status", "")) && fields.get("id") instanceof JsonString id
                && recording.computeIfPresent(id.getString(), (key, published) -> Boolean.TRUE) == null) {
            ended(id.getString(), null);
        }
    }

    private void awaitSubscription(String otherwise) {
        CompletableFuture<Void> subscribed;
        synchronized (lock) {
            Subscription current = active;
            subscribed = current != null ? current.subscribed : nextSubscribed;
            lock.notifyAll();
        }
        try {
            subscribed.get(SUBSCRIBE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warning(() -> "job events: no Redis subscription within " + SUBSCRIBE_WAIT + "; " + otherwise);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        send(event, transition);
    }

    /** Sends the event to every open stream whose filter accepts the transition (to all when null). */
    private void send(OutboundSseEvent event, String transition) {
        JsonObject parsed = null;  // only when a stream has a filter, and once
        for (Map.Entry<SseEventSink, Filter> stream : sinks.entrySet()) {
            SseEventSink sink = stream.getKey();
            if (sink.isClosed()) {
                sinks.remove(sink);
                continue;
            }
            Filter filter = stream.getValue();
            if (transition != null && !filter.all()) {
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
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        Subscription current;
        synchronized (lock) {
            stopped = true;
            current = active;
            lock.notifyAll();
        }
        if (current != null && current.isSubscribed()) {
            current.unsubscribe();
        }
        sinks.keySet().forEach(this::forget);
        awaited.keySet().forEach(id -> ended(id, null));
        if (answering != null) {
            answering.shutdown();
        }
    }
}
