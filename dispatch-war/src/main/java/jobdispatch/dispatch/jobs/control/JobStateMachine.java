package jobdispatch.dispatch.jobs.control;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jobdispatch.dispatch.jobs.entity.CallbackResult;
import jobdispatch.dispatch.jobs.entity.Claim;
import jobdispatch.dispatch.jobs.entity.Completion;
import jobdispatch.dispatch.jobs.entity.Failure;
import jobdispatch.dispatch.jobs.entity.Job;
import jobdispatch.dispatch.jobs.entity.JobCompletion;
import jobdispatch.dispatch.jobs.entity.JobStatus;
import jobdispatch.dispatch.jobs.entity.Progress;
import jobdispatch.dispatch.problems.Problem;
import redis.clients.jedis.UnifiedJedis;

/**
 * Every transition of DESIGN.md's state machine, each one Lua script and so one atomic step in
 * Redis: a message delivered twice, two workers racing or a late report can never move a job
 * backwards or complete it twice (docs/states.md).
 */
@ApplicationScoped
public class JobStateMachine {

    private static final Logger LOG = Logger.getLogger(JobStateMachine.class.getName());

    @Inject
    UnifiedJedis redis;

    @Inject
    JobStore store;

    @Inject
    RunPublisher publisher;

    @Inject
    JobEventHub hub;

    /** A claim holds the job for its timeoutMs plus this margin, renewed by each progress report. */
    @Inject
    @ConfigProperty(name = "jobs.lease.margin.ms", defaultValue = "30000")
    long leaseMarginMillis;

    Clock clock = Clock.systemUTC();

    /** queued (or a due scheduled job) to processing, or an expired lease taken over; the job as the worker should run it. */
    public Job claim(String id, Claim claim) {
        // the answer is read back with its history below: the script need not return the hash
        List<String> reply = JobScripts.CLAIM.runEach(redis, List.of(claim.workerId, now(), Long.toString(leaseMarginMillis), "0", id))
                .get(0);
        expect(reply, id, "claim", "claimed");
        LOG.fine(() -> "job " + id + " processing: attempt " + reply.get(1) + " on " + claim.workerId);
        return reload(id);
    }

    /**
     * Several claims of one worker in one script call: each decided on its own, and each item's
     * result is its attempt and what {@link #claim} would answer (without the history; only the
     * attempt when {@code withJobs} is false), or what it would refuse.
     */
    public List<CallbackResult> claimAll(List<String> ids, String workerId, boolean withJobs) {
        List<String> args = new ArrayList<>(ids.size() + 4);
        args.addAll(List.of(workerId, now(), Long.toString(leaseMarginMillis), withJobs ? "1" : "0"));
        args.addAll(ids);
        List<List<String>> replies = JobScripts.CLAIM.runEach(redis, args);
        return results(ids, replies, JobStatus.PROCESSING, true, withJobs, "claim", "claimed");
    }

    /**
     * Several completions in one script call; each item's result is its status (complete), or what
     * {@link #complete} would refuse. A job that a request here waits for comes back whole from the
     * script, and its waiters get it from there.
     */
    public List<CallbackResult> completeAll(List<JobCompletion> completions) {
        List<String> args = new ArrayList<>(completions.size() * 4 + 1);
        args.add(now());
        for (JobCompletion c : completions) {
            args.addAll(List.of(c.id, c.workerId, Integer.toString(c.attempt), c.result == null ? "null" : c.result.toString()));
        }
        List<String> ids = completions.stream().map(c -> c.id).toList();
        List<String> awaited = hub.awaitedAmong(ids);
        hub.recordingHere(awaited);
        List<List<String>> replies = null;
        try {
            replies = JobScripts.COMPLETE.runEach(redis, awaited.stream().map(store::key).toList(), args);
        } finally {
            Map<String, Job> ended = new HashMap<>();
            for (int i = 0; replies != null && i < ids.size(); i++) {
                if (replies.get(i).size() > 1 && replies.get(i).get(0).equals("done")) {
                    ended.put(ids.get(i), store.fromRecord(replies.get(i), 1));
                }
            }
            awaited.forEach(id -> hub.recordedHere(id, ended.get(id)));
        }
        return results(ids, replies, JobStatus.COMPLETE, false, false, "complete", "done", "duplicate");
    }

    /**
     * Each item's result: its problem when refused; otherwise its status and, for claims, the
     * attempt ({@code claims}) and the job as a listing shows it ({@code withJob}), without its
     * history (the worker needs its payload and nothing of the history), from the claim script's
     * own reply. A completion answers no job: the worker needs only to know it went through.
     */
    private List<CallbackResult> results(List<String> ids, List<List<String>> replies, JobStatus after, boolean claims,
            boolean withJob, String action, String... expected) {
        List<CallbackResult> results = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            try {
                expect(replies.get(i), id, action, expected);
                List<String> reply = replies.get(i);
                results.add(new CallbackResult(id, after.wire(), claims ? Integer.valueOf(reply.get(1)) : null,
                        withJob ? store.fromReply(reply, 2) : null, null));
            } catch (TransitionRefusedException refused) {
                results.add(new CallbackResult(id, null, null, null, Problem.conflict(refused.getMessage(), refused.current().wire())));
            } catch (JobNotFoundException missing) {
                results.add(new CallbackResult(id, null, null, null, Problem.of(Response.Status.NOT_FOUND, missing.getMessage())));
            }
        }
        return results;
    }

    /** Records progress and renews the lease of the worker holding the attempt. */
    public Job progress(String id, Progress progress) {
        expect(JobScripts.PROGRESS.run(redis, List.of(id, progress.workerId, Integer.toString(progress.attempt), now(),
                Integer.toString(progress.progress), Long.toString(leaseMarginMillis))), id, "report progress", "done");
        return reload(id);
    }

    /** processing to complete; a repeated report answers the job unchanged. */
    public Job complete(String id, Completion completion) {
        String result = completion.result == null ? "null" : completion.result.toString();
        return changing(id, () -> {
            List<String> reply = JobScripts.COMPLETE.runEach(redis,
                    List.of(now(), id, completion.workerId, Integer.toString(completion.attempt), result)).get(0);
            boolean done = expect(reply, id, "complete", "done", "duplicate").equals("done");
            if (done) {
                LOG.fine(() -> "job " + id + " complete: attempt " + completion.attempt + " on " + completion.workerId);
            }
            return new Change(reload(id), done);
        });
    }

    /** processing to queued (retryable, attempts left) or failed. */
    public Job fail(String id, Failure failure) {
        return changing(id, () -> {
            List<String> reply = JobScripts.FAIL.run(redis, List.of(id, failure.workerId, Integer.toString(failure.attempt), now(),
                    failure.error, failure.retryableOrDefault() ? "1" : "0", Long.toString(store.redeliverMillis())));
            String outcome = expect(reply, id, "fail", "queued", "failed", "duplicate");
            if (!outcome.equals("duplicate")) {
                LOG.info(() -> "job " + id + " " + outcome + ": attempt " + failure.attempt + " on " + failure.workerId
                        + " failed: " + failure.error);
            }
            return new Change(reload(id), outcome.equals("failed"));
        });
    }

    /** queued or scheduled to cancelled; a message already on NSQ is then dropped at its claim. */
    public Job cancel(String id) {
        return changing(id, () -> {
            expect(JobScripts.CANCEL.run(redis, List.of(id, now())), id, "cancel", "done");
            LOG.info(() -> "job " + id + " cancelled");
            return new Change(reload(id), true);
        });
    }

    /** failed or cancelled back to queued, attempts kept, and published again. */
    public Job retry(String id) {
        expect(JobScripts.RETRY.run(redis, List.of(id, now())), id, "retry", "done");
        Job job = reload(id);
        LOG.info(() -> "job " + id + " queued again by a retry");
        publisher.publishNow(job);
        return job;
    }

    /** A job after a change, and whether the change ended it. */
    private record Change(Job job, boolean ended) {
    }

    /** Makes a change to one job; the requests here that wait for it get the job from it when it ends it. */
    private Job changing(String id, Supplier<Change> change) {
        List<String> awaited = hub.awaitedAmong(List.of(id));
        hub.recordingHere(awaited);
        Change made = null;
        try {
            made = change.get();
            return made.job();
        } finally {
            Job ended = made != null && made.ended() ? made.job() : null;
            awaited.forEach(waited -> hub.recordedHere(waited, ended));
        }
    }

    /** Removes a finished job with its history and index entries. */
    public void delete(String id) {
        expect(JobScripts.REMOVE.run(redis, List.of(id, Long.toString(Long.MAX_VALUE), now())), id, "delete", "done");
        LOG.info(() -> "job " + id + " deleted");
        hub.ended(id, null);
    }

    /** The reply's outcome when it is one of the expected ones; otherwise the refusal as an exception. */
    private static String expect(List<String> reply, String id, String action, String... expected) {
        String outcome = reply.get(0);
        for (String ok : expected) {
            if (ok.equals(outcome)) {
                return outcome;
            }
        }
        if (outcome.equals("refused")) {
            throw new TransitionRefusedException(id, JobStatus.fromWire(reply.get(1)), action);
        }
        throw new JobNotFoundException(id);
    }

    private Job reload(String id) {
        return store.findWithHistory(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    private String now() {
        return Long.toString(clock.millis());
    }
}
