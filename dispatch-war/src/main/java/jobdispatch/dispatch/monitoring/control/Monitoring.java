package jobdispatch.dispatch.monitoring.control;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jobdispatch.dispatch.JsonParsing;
import jobdispatch.dispatch.monitoring.entity.Heartbeat;
import jobdispatch.dispatch.monitoring.entity.MinuteCount;
import jobdispatch.dispatch.monitoring.entity.Throughput;
import jobdispatch.dispatch.monitoring.entity.WorkerStatus;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Throughput per minute (the counters the Lua scripts keep) and the workers' heartbeats: a
 * {@code worker:{id}} record that expires, and {@code workers}, last seen per worker id.
 */
@ApplicationScoped
public class Monitoring {

    static final String WORKERS = "workers";
    private static final long FORGET_AFTER_MS = 3_600_000;

    @Inject
    UnifiedJedis redis;

    @Inject
    @ConfigProperty(name = "workers.stale.ms", defaultValue = "15000")
    long staleMillis;

    Clock clock = Clock.systemUTC();

    /** The last {@code minutes} minutes up to now, oldest first, with zeros for quiet minutes. */
    public Throughput throughput(int minutes) {
        long current = clock.millis() / 60_000;
        List<Response<Map<String, String>>> counts = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (long minute = current - minutes + 1; minute <= current; minute++) {
                counts.add(pipeline.hgetAll("jobs:throughput:" + minute));
            }
            pipeline.sync();
        }
        List<MinuteCount> result = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            Map<String, String> count = counts.get(i).get();
            result.add(new MinuteCount(Instant.ofEpochMilli((current - minutes + 1 + i) * 60_000),
                    Long.parseLong(count.getOrDefault("complete", "0")), Long.parseLong(count.getOrDefault("failed", "0"))));
        }
        return new Throughput(result);
    }

    public void heartbeat(String workerId, Heartbeat heartbeat) {
        long now = clock.millis();
        JsonObjectBuilder record = JsonParsing.PROVIDER.createObjectBuilder().add("host", heartbeat.host).add("inFlight", heartbeat.inFlight)
                .add("concurrency", heartbeat.concurrency).add("jobsDone", heartbeat.jobsDone).add("lastSeen", now);
        if (heartbeat.startedAt != null) {
            record.add("startedAt", heartbeat.startedAt.toString());
        }
        try (AbstractPipeline pipeline = redis.pipelined()) {
            pipeline.set("worker:" + workerId, record.build().toString(), SetParams.setParams().px(FORGET_AFTER_MS));
            pipeline.zadd(WORKERS, now, workerId);
            pipeline.zremrangeByScore(WORKERS, "-inf", Long.toString(now - FORGET_AFTER_MS));
            pipeline.sync();
        }
    }

    /** The workers heard from within the last hour, most recently seen first. */
    public List<WorkerStatus> workers() {
        List<String> ids = redis.zrevrange(WORKERS, 0, 999);
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> records = redis.mget(ids.stream().map(id -> "worker:" + id).toArray(String[]::new));
        long now = clock.millis();
        List<WorkerStatus> workers = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (records.get(i) == null) {
                continue;
            }
            JsonObject r = JsonParsing.parse(records.get(i)).asJsonObject();
            long lastSeen = r.getJsonNumber("lastSeen").longValue();
            workers.add(new WorkerStatus(ids.get(i), r.getString("host", ""), r.getInt("inFlight", 0), r.getInt("concurrency", 0),
                    r.getJsonNumber("jobsDone").longValue(),
                    r.containsKey("startedAt") && !r.isNull("startedAt") ? Instant.parse(r.getString("startedAt")) : null,
                    Instant.ofEpochMilli(lastSeen), now - lastSeen <= staleMillis));
        }
        return workers;
    }
}
