package jobdispatch.dispatch.jobs.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import jobdispatch.dispatch.jobs.entity.HistoryEntry;
import jobdispatch.dispatch.jobs.entity.Job;
import jobdispatch.dispatch.jobs.entity.JobPage;
import jobdispatch.dispatch.jobs.entity.JobStats;
import jobdispatch.dispatch.jobs.entity.JobStatus;
import jobdispatch.dispatch.jobs.entity.NewJob;

/**
 * Accepting and reading jobs. A job is stored, with an outbox entry, before it is published,
 * so an accepted job is never lost: what nsqd does not confirm, the outbox publishes later.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class.getName());

    /** A submitted job, and whether an earlier request with the same idempotency key had created it. */
    public record Accepted(Job job, boolean existing) {
    }

    @Inject
    JobStore store;

    @Inject
    RunPublisher publisher;

    @Inject
    JobEventHub hub;

    // reads a waited-for job when its end came from elsewhere or its wait ran out
    @Resource
    ManagedExecutorService executor;

    Clock clock = Clock.systemUTC();

    public Accepted submit(NewJob request, String idempotencyKey) {
        Instant now = now();
        JobStore.Planned planned = plan(request, idempotencyKey, now);
        JobStore.Stored stored = store.create(List.of(planned), now).get(0);
        if (stored.existing()) {
            return new Accepted(get(stored.id()), true);
        }
        Job job = created(planned, now);
        LOG.fine(() -> "job " + job.id() + " " + job.status() + ": type " + job.type());
        publisher.publishNow(job);
        return new Accepted(job, false);
    }

    /**
     * Submits the job as {@link #submit} does, then answers once it has ended (complete, failed
     * or cancelled) or the wait is over, with the job as it is then. The wait is registered before
     * the job is published, so no end can pass unseen; the job is accepted whatever happens after.
     */
    public CompletionStage<Accepted> submitAndWait(NewJob request, String idempotencyKey, Duration wait) {
        Instant now = now();
        JobStore.Planned planned = plan(request, idempotencyKey, now);
        JobStore.Stored stored = store.create(List.of(planned), now).get(0);
        if (stored.existing()) {
            return awaitEnd(stored.id(), wait).thenApply(job -> new Accepted(job, true));
        }
        Job job = created(planned, now);
        LOG.fine(() -> "job " + job.id() + " " + job.status() + ": type " + job.type());
        JobEventHub.Finish finish = hub.awaitEnd(job.id());
        try {
            publisher.publishNow(job);
        } catch (RuntimeException e) {
            hub.release(job.id(), finish);
            throw e;
        }
        return answerAtEnd(job.id(), finish, wait, job).thenApply(answer -> new Accepted(answer, false));
    }

    /** The job once it has ended or the wait is over, as it is then; JobNotFoundException when there is no such job. */
    public CompletionStage<Job> awaitEnd(String id, Duration wait) {
        JobEventHub.Finish finish = hub.awaitEnd(id);
        Job job;
        try {
            job = get(id);  // read after the wait is registered: an end from now on reaches it
        } catch (RuntimeException e) {
            hub.release(id, finish);
            throw e;
        }
        if (job.state().isFinal()) {
            hub.release(id, finish);
            return CompletableFuture.completedFuture(job);
        }
        return answerAtEnd(id, finish, wait, job);
    }

    /**
     * The job as its end gave it, or, when the end came from another instance or the wait ran
     * out, as read then: on a managed thread, not on Redis's subscription or the JDK's timer.
     * Should that read fail, the job as last known is the answer: it was accepted all the same.
     */
    private CompletionStage<Job> answerAtEnd(String id, JobEventHub.Finish finish, Duration wait, Job known) {
        CompletableFuture<Job> mine = new CompletableFuture<>();
        finish.ended().whenComplete((job, failure) -> mine.complete(job));
        return mine.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(job -> job != null ? CompletableFuture.completedFuture(job)
                        : CompletableFuture.supplyAsync(() -> current(id, known), executor))
                .whenComplete((job, failure) -> hub.release(id, finish));
    }

    private Job current(String id, Job known) {
        try {
            return store.findWithHistory(id).orElse(known);
        } catch (RuntimeException e) {
            LOG.warning(() -> "job " + id + ": could not read it at the end of a wait (" + e.getMessage() + "); answered as last known");
            return known;
        }
    }

    /** All or none: the jobs are stored in one atomic step, then published with one multi-publish. */
    public List<Job> submitAll(List<NewJob> requests) {
        Instant now = now();
        List<JobStore.Planned> planned = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            try {
                planned.add(plan(requests.get(i), null, now));
            } catch (InvalidJobException e) {
                throw new InvalidJobException("jobs[" + i + "]: " + e.getMessage());
            }
        }
        store.create(planned, now);
        List<Job> jobs = planned.stream().map(job -> created(job, now)).toList();
        LOG.info(() -> jobs.size() + " jobs accepted in a batch, " + jobs.get(0).id() + " to " + jobs.get(jobs.size() - 1).id());
        publisher.publishNow(jobs);
        return jobs;
    }

    public Job get(String id) {
        return store.findWithHistory(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    public JobPage list(JobStatus status, String type, int limit, String cursor) {
        return store.list(status, type, limit, cursor);
    }

    public JobStats stats() {
        return store.stats();
    }

    private JobStore.Planned plan(NewJob request, String idempotencyKey, Instant now) {
        if (request.delayMs != null && request.runAt != null) {
            throw new InvalidJobException("give delayMs or runAt, not both");
        }
        Instant runAt = request.delayMs != null && request.delayMs > 0 ? now.plusMillis(request.delayMs)
                : request.runAt == null ? null : request.runAt.truncatedTo(ChronoUnit.MILLIS);
        if (runAt != null && runAt.isAfter(now.plusMillis(NewJob.MAX_DELAY_MS))) {
            throw new InvalidJobException("runAt must be at most 365 days ahead");
        }
        if (runAt != null && !runAt.isAfter(now)) {
            runAt = null; // due already: an ordinary job
        }
        return new JobStore.Planned(JobIds.next(now.toEpochMilli()), request.type, request.payloadOrEmpty(),
                request.maxAttemptsOrDefault(), request.timeoutMsOrDefault(), runAt,
                publisher.publishAt(runAt, now), idempotencyKey);
    }

    /** The job as create.lua stored it, without reading it back. */
    private static Job created(JobStore.Planned job, Instant now) {
        String status = job.runAt() == null ? JobStatus.QUEUED.wire() : JobStatus.SCHEDULED.wire();
        return new Job(job.id(), job.type(), job.payload(), status, 0, job.maxAttempts(), job.timeoutMs(), job.runAt(), 0,
                now, now, null, null, null, null, null, List.of(new HistoryEntry(status, 0, null, now, null)));
    }

    // Redis keeps milliseconds: answer the same instants that a later GET returns
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
