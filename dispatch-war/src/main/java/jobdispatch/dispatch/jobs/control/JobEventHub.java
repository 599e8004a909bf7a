package jobdispatch.dispatch.jobs.control;

import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;

import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * Every job transition, as the Lua scripts publish it on Redis's {@code jobs:events} channel,
 * relayed to the server-sent-event streams of this instance. Through Redis pub/sub each dispatch
 * instance sees the transitions that all of them make.
 */
@ApplicationScoped
public class JobEventHub {

    static final String CHANNEL = "jobs:events";
    private static final Logger LOG = Logger.getLogger(JobEventHub.class.getName());

    @Inject
    UnifiedJedis redis;

    @Resource
    ManagedThreadFactory threads;

    private final JedisPubSub subscription = new JedisPubSub() {
        @Override
        public void onMessage(String channel, String message) {
            broadcast(message);
        }
    };
    private volatile boolean stopped;
    private volatile Sse sse;
    private volatile SseBroadcaster broadcaster;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        threads.newThread(this::listen).start();
    }

    /** Holds a Redis connection subscribed for as long as the application runs, and reconnects after an outage. */
    private void listen() {
        while (!stopped) {
            try {
                redis.subscribe(subscription, CHANNEL);
            } catch (RuntimeException e) {
                if (!stopped) {
                    LOG.warning(() -> "job events: Redis subscription lost (" + e.getMessage() + "), retrying");
                    sleepQuietly();
                }
            }
        }
    }

    /** Adds a client's event stream. */
    public synchronized void register(SseEventSink sink, Sse sse) {
        if (broadcaster == null) {
            this.sse = sse;
            broadcaster = sse.newBroadcaster();
        }
        broadcaster.register(sink);
    }

    private void broadcast(String transition) {
        SseBroadcaster target = broadcaster;
        if (target != null) {
            target.broadcast(sse.newEventBuilder().name("job").mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(String.class, transition).build());
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        if (subscription.isSubscribed()) {
            subscription.unsubscribe();
        }
        if (broadcaster != null) {
            broadcaster.close();
        }
    }

    private static void sleepQuietly() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
