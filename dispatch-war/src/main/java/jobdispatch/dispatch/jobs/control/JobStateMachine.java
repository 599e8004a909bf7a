package jobdispatch.dispatch.jobs.control;

import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jobdispatch.dispatch.jobs.entity.Claim;
import jobdispatch.dispatch.jobs.entity.Completion;
import jobdispatch.dispatch.jobs.entity.Failure;
import jobdispatch.dispatch.jobs.entity.Job;
import jobdispatch.dispatch.jobs.entity.JobStatus;
import jobdispatch.dispatch.redis.LuaScript;
import redis.clients.jedis.UnifiedJedis;

/**
 * The workers' transitions, each one Lua script and so one atomic step in Redis: a message
 * delivered twice, two workers racing or a late report can never move a job backwards or
 * complete it twice.
 */
@ApplicationScoped
public class JobStateMachine {

    private static final Logger LOG = Logger.getLogger(JobStateMachine.class.getName());
    private static final LuaScript CLAIM = LuaScript.fromResource("/lua/claim.lua");
    private static final LuaScript COMPLETE = LuaScript.fromResource("/lua/complete.lua");
    private static final LuaScript FAIL = LuaScript.fromResource("/lua/fail.lua");

    @Inject
    UnifiedJedis redis;

    @Inject
    JobStore store;

    @Inject
    @ConfigProperty(name = "jobs.lease.ms", defaultValue = "90000")
    long leaseMillis;

    Clock clock = Clock.systemUTC();

    /** queued to processing (or an expired lease taken over); the job as the worker should run it. */
    public Job claim(String id, Claim claim) {
        List<String> reply = JobStore.strings(CLAIM.run(redis, List.of(store.key(id), store.historyKey(id), JobStore.OUTBOX),
                List.of(id, claim.workerId(), now(), Long.toString(leaseMillis))));
        return switch (reply.get(0)) {
            case "claimed" -> {
                LOG.info(() -> "job " + id + " processing: attempt " + reply.get(1) + " on " + claim.workerId());
                yield reload(id);
            }
            case "refused" -> throw refused(id, reply, "claim");
            default -> throw new JobNotFoundException(id);
        };
    }

    /** processing to complete; a repeated report answers the job unchanged. */
    public Job complete(String id, Completion completion) {
        String result = completion.result() == null ? "null" : completion.result().toString();
        List<String> reply = JobStore.strings(COMPLETE.run(redis, List.of(store.key(id), store.historyKey(id)),
                List.of(completion.workerId(), Integer.toString(completion.attempt()), now(), result)));
        return switch (reply.get(0)) {
            case "done" -> {
                LOG.info(() -> "job " + id + " complete: attempt " + completion.attempt() + " on " + completion.workerId());
                yield reload(id);
            }
            case "duplicate" -> reload(id);
            case "refused" -> throw refused(id, reply, "complete");
            default -> throw new JobNotFoundException(id);
        };
    }

    /** processing to queued (attempts left, retryable) or failed. */
    public Job fail(String id, Failure failure) {
        List<String> reply = JobStore.strings(FAIL.run(redis, List.of(store.key(id), store.historyKey(id)),
                List.of(failure.workerId(), Integer.toString(failure.attempt()), now(), failure.error(),
                        failure.retryableOrDefault() ? "1" : "0")));
        return switch (reply.get(0)) {
            case "queued", "failed" -> {
                LOG.info(() -> "job " + id + " " + reply.get(0) + ": attempt " + failure.attempt() + " on "
                        + failure.workerId() + " failed: " + failure.error());
                yield reload(id);
            }
            case "duplicate" -> reload(id);
            case "refused" -> throw refused(id, reply, "fail");
            default -> throw new JobNotFoundException(id);
        };
    }

    private Job reload(String id) {
        return store.findWithHistory(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    private static TransitionRefusedException refused(String id, List<String> reply, String action) {
        return new TransitionRefusedException(id, JobStatus.fromWire(reply.get(1)), action);
    }

    private String now() {
        return Long.toString(clock.millis());
    }
}
