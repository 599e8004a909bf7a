package jobdispatch.dispatch.jobs.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jobdispatch.dispatch.JsonParsing;
import jobdispatch.dispatch.jobs.entity.HistoryEntry;
import jobdispatch.dispatch.jobs.entity.Job;
import jobdispatch.dispatch.jobs.entity.JobPage;
import jobdispatch.dispatch.jobs.entity.JobStats;
import jobdispatch.dispatch.jobs.entity.JobStatus;
import jobdispatch.dispatch.jobs.entity.StatusCounts;
import jobdispatch.dispatch.jobs.entity.TypeStats;
import jobdispatch.dispatch.redis.RedisEntityManager;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZAddParams;

/** The job entity in Redis: hashes, histories, listing indexes, outbox and retention (docs/redis.md). */
@ApplicationScoped
public class JobStore extends RedisEntityManager<Job> {

    static final String OUTBOX = "jobs:outbox";
    static final String FINISHED = "jobs:finished";
    static final String TYPES = "jobs:types";

    /** A job to store: its id, what was asked, when it is due, and when the outbox must publish it. */
    public record Planned(String id, String type, JsonObject payload, int maxAttempts, long timeoutMs,
                          Instant runAt, Instant publishAt, String idempotencyKey) {
    }

    /** A stored job, or the earlier job that the same idempotency key already created. */
    public record Stored(String id, boolean existing) {
    }

    /** Jobs whose publish nsqd confirmed, due at {@code dueAt}. */
    record Published(List<String> ids, Instant dueAt) {
    }

    @Inject
    UnifiedJedis redis;

    /** How long after its publish a job that no worker claimed is published again (docs/reliability.md). */
    @Inject
    @ConfigProperty(name = "outbox.redeliver.ms", defaultValue = "600000")
    long redeliverMillis;

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

    /** Stores the jobs, listed and waiting in the outbox for their publish, in one atomic step. */
    public List<Stored> create(List<Planned> jobs, Instant now) {
        List<String> args = new ArrayList<>(1 + jobs.size() * 8);
        args.add(Long.toString(now.toEpochMilli()));
        for (Planned job : jobs) {
            args.addAll(List.of(job.id(), job.type(), job.payload().toString(), Integer.toString(job.maxAttempts()),
                    Long.toString(job.timeoutMs()), job.runAt() == null ? "" : Long.toString(job.runAt().toEpochMilli()),
                    Long.toString(job.publishAt().toEpochMilli()),
                    job.idempotencyKey() == null ? "" : job.idempotencyKey()));
        }
        return JobScripts.CREATE.run(redis, args).stream()
                .map(reply -> reply.startsWith("existing:") ? new Stored(reply.substring(9), true) : new Stored(reply, false))
                .toList();
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
            return Optional.of(fromHash(hash.get()).withHistory(history.get().stream().map(JobStore::historyEntry).toList()));
        }
    }

    /**
     * Newest first, optionally of one status and/or type; the cursor is the last id of the previous
     * page. Without a status the page is the newest of the six status indexes together: every job
     * is in exactly one of them, and they are read in one transaction, so a job that changes its
     * status meanwhile is on the page once (docs/redis.md).
     */
    public JobPage list(JobStatus status, String type, int limit, String cursor) {
        String max = cursor == null ? "+" : "(" + cursor;
        List<String> ids;
        if (status != null) {
            ids = redis.zrevrangeByLex(statusIndex(status, type), max, "-", 0, limit + 1);
        } else {
            List<Response<List<String>>> pages = new ArrayList<>();
            try (AbstractTransaction transaction = redis.multi()) {
                for (JobStatus each : JobStatus.values()) {
                    pages.add(transaction.zrevrangeByLex(statusIndex(each, type), max, "-", 0, limit + 1));
                }
                transaction.exec();
            }
            // ids are ASCII (UUID version 7): String's order is Redis's byte order
            ids = pages.stream().flatMap(page -> page.get().stream())
                    .sorted(Comparator.reverseOrder()).limit(limit + 1L).toList();
        }
        boolean more = ids.size() > limit;
        List<String> pageIds = more ? ids.subList(0, limit) : ids;
        return new JobPage(findAll(pageIds), more ? pageIds.get(pageIds.size() - 1) : null);
    }

    private static String statusIndex(JobStatus status, String type) {
        return "jobs:status:" + status.wire() + (type == null ? "" : ":type:" + type);
    }

    /** Counts from the indexes' sizes: two round trips, whatever the number of jobs. */
    public JobStats stats() {
        JobStatus[] statuses = JobStatus.values();
        List<String> types;
        List<Response<Long>> overall = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (JobStatus status : statuses) {
                overall.add(pipeline.zcard("jobs:status:" + status.wire()));
            }
            Response<java.util.Set<String>> typeNames = pipeline.smembers(TYPES);
            pipeline.sync();
            types = typeNames.get().stream().sorted().toList();
        }
        List<List<Response<Long>>> perType = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String type : types) {
                List<Response<Long>> counts = new ArrayList<>();
                for (JobStatus status : statuses) {
                    counts.add(pipeline.zcard("jobs:status:" + status.wire() + ":type:" + type));
                }
                perType.add(counts);
            }
            pipeline.sync();
        }
        StatusCounts byStatus = counts(overall);
        List<TypeStats> byType = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            byType.add(new TypeStats(types.get(i), counts(perType.get(i))));
        }
        return new JobStats(byStatus.total(), byStatus, byType);
    }

    /** Jobs whose publish is due and not yet confirmed, soonest first. */
    public List<String> duePublishes(Instant now, int limit) {
        return redis.zrangeByScore(OUTBOX, "-inf", Long.toString(now.toEpochMilli()), 0, limit);
    }

    /**
     * nsqd confirmed the publishes of these jobs, each mark's due at its {@code dueAt}: the outbox looks at each again
     * {@code outbox.redeliver.ms} after that unless a claim took it out first, so that a message
     * nsqd lost (a crash, a requeue that never arrived) is published again. Only a job still in
     * the outbox is touched: a claim may already have removed it. Public, as Weld's proxy calls a
     * package-private method by reflection.
     */
    public void published(List<Published> marks) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            // one round trip for them all, one command per mark (a batch publish marks all its jobs at once)
            for (Published mark : marks) {
                if (mark.ids().isEmpty()) {
                    continue;
                }
                double checkAgainAt = mark.dueAt().toEpochMilli() + redeliverMillis;
                Map<String, Double> scores = new HashMap<>();
                mark.ids().forEach(id -> scores.put(id, checkAgainAt));
                pipeline.zadd(OUTBOX, scores, ZAddParams.zAddParams().xx());
            }
            pipeline.sync();
        }
    }

    /** A finished job needs no publish. */
    public void forgetPublish(String id) {
        redis.zrem(OUTBOX, id);
    }

    public long redeliverMillis() {
        return redeliverMillis;
    }

    /** Finished jobs whose retention ended before the cutoff, oldest first. */
    public List<String> finishedBefore(Instant cutoff, int limit) {
        return redis.zrangeByScore(FINISHED, "-inf", "(" + cutoff.toEpochMilli(), 0, limit);
    }

    /** The job with its history from a script's reply that carries the count of entries at {@code from}, the entries, then its hash. */
    public Job fromRecord(List<String> reply, int from) {
        int entries = Integer.parseInt(reply.get(from));
        List<HistoryEntry> history = reply.subList(from + 1, from + 1 + entries).stream().map(JobStore::historyEntry).toList();
        return fromReply(reply, from + 1 + entries).withHistory(history);
    }

    /** The job from a script's reply that carries its hash as field, value, ... from {@code from} on. */
    public Job fromReply(List<String> reply, int from) {
        Map<String, String> hash = new HashMap<>();
        for (int i = from; i + 1 < reply.size(); i += 2) {
            hash.put(reply.get(i), reply.get(i + 1));
        }
        return fromHash(hash);
    }

    @Override
    protected Job fromHash(Map<String, String> hash) {
        return new Job(hash.get("id"), hash.get("type"), (JsonObject) parse(hash.get("payload")), hash.get("status"),
                Integer.parseInt(hash.get("attempts")), Integer.parseInt(hash.get("maxAttempts")),
                Long.parseLong(hash.getOrDefault("timeoutMs", "60000")), instant(hash.get("runAt")),
                Integer.parseInt(hash.getOrDefault("progress", "0")),
                instant(hash.get("createdAt")), instant(hash.get("updatedAt")), instant(hash.get("startedAt")),
                instant(hash.get("finishedAt")), hash.containsKey("result") ? parse(hash.get("result")) : null,
                hash.get("error"), hash.get("workerId"), null);
    }

    private static StatusCounts counts(List<Response<Long>> byOrdinal) {
        long[] values = new long[byOrdinal.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = byOrdinal.get(i).get();
        }
        return StatusCounts.of(values);
    }

    private static HistoryEntry historyEntry(String json) {
        JsonObject entry = (JsonObject) parse(json);
        return new HistoryEntry(entry.getString("status"), entry.getInt("attempt", 0),
                entry.getString("workerId", null), Instant.ofEpochMilli(entry.getJsonNumber("at").longValue()),
                entry.getString("error", null));
    }

    private static Instant instant(String millis) {
        return millis == null || millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    static JsonValue parse(String json) {
        return JsonParsing.parse(json);
    }
}
