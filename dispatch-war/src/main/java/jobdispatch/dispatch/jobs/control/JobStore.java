package jobdispatch.dispatch.jobs.control;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import jobdispatch.dispatch.jobs.entity.HistoryEntry;
import jobdispatch.dispatch.jobs.entity.Job;
import jobdispatch.dispatch.jobs.entity.JobPage;
import jobdispatch.dispatch.jobs.entity.NewJob;
import jobdispatch.dispatch.redis.LuaScript;
import jobdispatch.dispatch.redis.RedisEntityManager;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/** The job entity in Redis: {@code job:<id>} hashes, their histories, the listing index and the outbox (docs/redis.md). */
@ApplicationScoped
public class JobStore extends RedisEntityManager<Job> {

    static final String CREATED_INDEX = "jobs:created";
    static final String OUTBOX = "jobs:outbox";
    private static final LuaScript CREATE = LuaScript.fromResource("/lua/create.lua");

    @Inject
    UnifiedJedis redis;

    @Override
    protected UnifiedJedis redis() {
        return redis;
    }

    @Override
    protected String prefix() {
        return "job";
    }

    public String historyKey(String id) {
        return key(id) + ":history";
    }

    /** Stores a new queued job, listed and waiting in the outbox for its publish, in one atomic step. */
    public Job create(NewJob request, Instant now) {
        String id = JobIds.next(now.toEpochMilli());
        String millis = Long.toString(now.toEpochMilli());
        CREATE.run(redis, List.of(key(id), historyKey(id), CREATED_INDEX, OUTBOX),
                List.of(id, request.type(), request.payloadOrEmpty().toString(),
                        Integer.toString(request.maxAttemptsOrDefault()), millis));
        return new Job(id, request.type(), request.payloadOrEmpty(), "queued", 0, request.maxAttemptsOrDefault(),
                now, now, null, null, null, null, null,
                List.of(new HistoryEntry("queued", 0, null, now, null)));
    }

    /** The job with its history, in one round trip. */
    public Optional<Job> findWithHistory(String id) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            Response<Map<String, String>> hash = pipeline.hgetAll(key(id));
            Response<List<String>> history = pipeline.lrange(historyKey(id), 0, -1);
            pipeline.sync();
            if (hash.get().isEmpty()) {
                return Optional.empty();
            }
            Job job = fromHash(hash.get());
            return Optional.of(new Job(job.id(), job.type(), job.payload(), job.status(), job.attempts(), job.maxAttempts(),
                    job.createdAt(), job.updatedAt(), job.startedAt(), job.finishedAt(), job.result(), job.error(),
                    job.workerId(), history.get().stream().map(JobStore::historyEntry).toList()));
        }
    }

    /** Newest first; the cursor is the last id of the previous page (ids sort by creation time). */
    public JobPage list(int limit, String cursor) {
        String max = cursor == null ? "+" : "(" + cursor;
        List<String> ids = redis.zrevrangeByLex(CREATED_INDEX, max, "-", 0, limit + 1);
        boolean more = ids.size() > limit;
        List<String> pageIds = more ? ids.subList(0, limit) : ids;
        List<Job> jobs = findAll(pageIds);
        return new JobPage(jobs, more ? pageIds.get(pageIds.size() - 1) : null);
    }

    /** Jobs whose publish has not been confirmed since before {@code olderThan}, oldest first. */
    public List<String> unpublished(Instant olderThan, int limit) {
        return redis.zrangeByScore(OUTBOX, "-inf", Long.toString(olderThan.toEpochMilli()), 0, limit);
    }

    public void published(String id) {
        redis.zrem(OUTBOX, id);
    }

    @Override
    protected Job fromHash(Map<String, String> hash) {
        return new Job(hash.get("id"), hash.get("type"), (JsonObject) parse(hash.get("payload")), hash.get("status"),
                Integer.parseInt(hash.get("attempts")), Integer.parseInt(hash.get("maxAttempts")),
                instant(hash.get("createdAt")), instant(hash.get("updatedAt")), instant(hash.get("startedAt")),
                instant(hash.get("finishedAt")), hash.containsKey("result") ? parse(hash.get("result")) : null,
                hash.get("error"), hash.get("workerId"), null);
    }

    private static HistoryEntry historyEntry(String json) {
        JsonObject entry = (JsonObject) parse(json);
        return new HistoryEntry(entry.getString("status"), entry.getInt("attempt", 0),
                entry.getString("workerId", null), Instant.ofEpochMilli(entry.getJsonNumber("at").longValue()),
                entry.getString("error", null));
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    static List<String> strings(Object luaReply) {
        List<String> out = new ArrayList<>();
        for (Object item : (List<?>) luaReply) {
            out.add(String.valueOf(item));
        }
        return out;
    }
}
