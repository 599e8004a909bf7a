package jobdispatch.worker.jobs.control;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.sproutsocial.nsq.Message;
import com.sproutsocial.nsq.PromptAcks;

import jobdispatch.client.model.CallbackResult;
import jobdispatch.client.model.Job;
import jobdispatch.worker.jobs.entity.ClaimedJob;
import jobdispatch.worker.jobs.entity.JobEvent;
import jobdispatch.worker.jobs.entity.JobRunMessage;

/**
 * One {@code job_run} message, start to end: wait for a free slot (one of
 * {@code worker.concurrency}), claim the job, announce it, run its handler on a job thread
 * (touching the message so nsqd does not redeliver it, and stopping it at its timeout), report the
 * outcome, then finish the message, or requeue it when the job must run again. Nothing here
 * acknowledges a message whose job could still be lost.
 *
 * <p>A job is claimed only when a slot is free, so that its lease and {@code startedAt} do not run
 * while it waits, and it is given to a job thread only once claimed: no thread waits for a claim.
 * The claims of the messages that find a free slot at the same moment go to dispatch as one
 * request, and up to {@code worker.claim.requests} such requests are on their way at once. A success is reported without holding the job's thread either: the completion joins
 * the next batch to dispatch and the slot is free again; the message is finished when dispatch
 * has answered. nsqd therefore hands the worker up to {@code worker.prefetch} messages beyond
 * {@code worker.concurrency}: they are being reported, or wait (unclaimed, touched) for a slot.
 *
 * <p>{@code @Dependent}, like the callbacks and settings it uses, so that the subscriber holds the
 * object itself rather than a proxy: while the application stops, the subscriber's shutdown runs
 * inside the destruction of the application context, and a proxy looked up from another thread
 * then waits for it, or finds a fresh instance that knows no running job.
 */
@Dependent
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());
    /** How long to wait before asking again when dispatch is unreachable or another worker holds the job. */
    private static final int UNAVAILABLE_DELAY_MS = 5000;
    private static final int EARLY_DELAY_MS = 1000;
    private static final Set<String> FINISHED = Set.of("complete", "failed", "cancelled");

    @Inject
    DispatchCallbacks dispatch;

    @Inject
    JobHandlers handlers;

    @Inject
    WorkerSettings settings;

    @Inject
    JobMetrics metrics;

    @Inject
    @ConfigProperty(name = "worker.journal")
    Optional<String> journalFile;

    private ExecutionJournal journal = new ExecutionJournal(null);

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** How often the watchdog looks at the running jobs: the precision of timeouts. */
    private static final long WATCH_MILLIS = 100;
    private static final JsonProvider JSON = JsonProvider.provider();

    private final Jsonb jsonb = JsonbBuilder.create();
    private final Map<JobContext, Running> running = new ConcurrentHashMap<>();
    /** Delivered messages waiting for a slot, each with when it is next touched. */
    private final Map<Message, long[]> waiting = new ConcurrentHashMap<>();
    /** The same messages in the order they came. */
    private final Queue<Message> arrived = new ConcurrentLinkedQueue<>();
    /** Slots not taken by a job being claimed or run: {@code worker.concurrency} in all. */
    private final AtomicInteger free = new AtomicInteger();
    /** True on a thread inside {@link #pump}: a slot freed there is taken up by that loop. */
    private static final ThreadLocal<boolean[]> PUMPING = ThreadLocal.withInitial(() -> new boolean[1]);
    /** Messages finished or requeued since nsq-j last sent its buffered commands to nsqd. */
    private final Queue<Message> unflushed = new ConcurrentLinkedQueue<>();
    /** Messages being handled, from their claim until their outcome is reported. */
    private final AtomicInteger busy = new AtomicInteger();
    private volatile EventPublisher events;
    private volatile Executor jobThreads;
    private volatile boolean releasing;
    /** Set once the shutdown's grace period is over: a job that starts from then on is stopped at once. */
    private volatile String stopping;
    private ScheduledFuture<?> watchdog;

    /** A handler at work: its thread to interrupt, its message to touch, and when to do each. */
    private static final class Running {
        final Thread thread;
        final Message message;
        final long deadline;
        long nextTouch;

        Running(Thread thread, Message message, long deadline, long nextTouch) {
            this.thread = thread;
            this.message = message;
            this.deadline = deadline;
            this.nextTouch = nextTouch;
        }
    }

    /**
     * Before the first message: batched callbacks, the journal, and one watchdog for every running
     * job (rather than two scheduled tasks per job: scheduling on a managed executor captures the
     * context each time, a cost paid by every short job). Started and stopped by the subscriber,
     * which stops it only after the last report (no @PreDestroy here: at undeploy it could run
     * before the subscriber's shutdown needs this bean).
     */
    public synchronized void start(Executor threads, int slots) {
        this.jobThreads = threads;
        free.set(slots);
        dispatch.startBatching(this::flushAcks);
        // loaded now: once the application stops, its class loader may no longer load what the release needs
        PromptAcks.flush(List.of());
        journal = new ExecutionJournal(journalFile.map(Path::of).orElse(null));
        if (watchdog == null) {
            watchdog = scheduler.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** After the last report: the watchdog and the batched callbacks end. */
    public synchronized void stop() {
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
        dispatch.stopBatching(1000);
    }

    /** Stops the handlers past their timeout and touches the messages of the others, and of those waiting, when due. */
    void watch() {
        long now = System.nanoTime();
        waiting.forEach((message, nextTouch) -> {
            if (now - nextTouch[0] >= 0) {
                nextTouch[0] = now + TimeUnit.MILLISECONDS.toNanos(settings.touchMillis());
                touch(message, "a waiting");
            }
        });
        running.forEach((context, job) -> {
            if (now - job.deadline >= 0) {
                if (!context.isCancelled()) {
                    context.cancel("timed out after " + context.timeoutMs() + " ms");
                    job.thread.interrupt();
                }
            } else if (now - job.nextTouch >= 0) {
                job.nextTouch = now + TimeUnit.MILLISECONDS.toNanos(settings.touchMillis());
                touch(job.message, "job " + context.id() + "'s");
            }
        });
    }

    private static void touch(Message message, String whose) {
        try {
            message.touch();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "touching " + whose + " message failed", e);
        }
    }

    public void useEvents(EventPublisher publisher) {
        this.events = publisher;
    }

    /**
     * nsq-j's handler, on its connection's reader thread: the message waits for a free slot.
     * Once the worker is stopping it goes back to nsqd at once, for another worker.
     */
    public void receive(Message message) {
        if (releasing) {
            requeueNow(message);
            return;
        }
        waiting.put(message, new long[] {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.touchMillis())});
        arrived.add(message);
        pump();
    }

    /**
     * Claims the waiting messages' jobs while slots are free. Called whenever a message arrives or
     * a slot is freed; either call sees the other's change, so no message waits beside a free slot.
     */
    private void pump() {
        boolean[] pumping = PUMPING.get();
        if (pumping[0]) {
            return; // the loop below, further up this thread's stack, takes the slot up
        }
        pumping[0] = true;
        try {
            while (!arrived.isEmpty()) {
                int slots = free.get();
                if (slots <= 0) {
                    return;
                }
                if (!free.compareAndSet(slots, slots - 1)) {
                    continue;
                }
                Message message = arrived.poll();
                // null: another thread took the last one; not waiting: the release gave it back to nsqd
                if (message == null || waiting.remove(message) == null) {
                    free.incrementAndGet();
                    continue;
                }
                busy.incrementAndGet();
                claim(message);
            }
        } finally {
            pumping[0] = false;
        }
    }

    /** The message's job is done with (run, refused or given back): its slot takes the next message. */
    private void freeSlot() {
        free.incrementAndGet();
        pump();
    }

    /**
     * The worker is stopping: the messages waiting for a slot go back to nsqd now, so that
     * other workers run them, and those delivered from now on too. Call after telling nsqd to
     * send no more (RDY 0), or a requeued message may come straight back.
     */
    public void releaseWaiting() {
        releasing = true;
        List<Message> released = new ArrayList<>();
        for (Message message : waiting.keySet()) {
            if (waiting.remove(message) != null) {
                message.requeue(0);
                released.add(message);
            }
        }
        PromptAcks.flush(released);
        if (!released.isEmpty()) {
            LOG.info(released.size() + " message(s) that waited for a slot went back to nsqd");
        }
    }

    private static void requeueNow(Message message) {
        message.requeue(0);
        PromptAcks.flush(List.of(message));
    }

    /** Sends the FINs and REQs of the last reports to nsqd, which counts those messages in flight until then. */
    private void flushAcks() {
        List<Message> done = new ArrayList<>();
        for (Message message; (message = unflushed.poll()) != null;) {
            done.add(message);
        }
        PromptAcks.flush(done);
    }

    /**
     * Waits up to {@code millis} until no message is being handled any more, its outcome reported
     * and its events published: nsq-j's client must not stop under a publish (the two lock each
     * other's monitors in opposite order and the JVM never exits).
     */
    public boolean awaitIdle(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (busy.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Claims the message's job in the slot just taken for it. Batched, the claim goes out with
     * the others of the moment and the claimed job is then given to a job thread; otherwise a job
     * thread makes the call itself. The job is run as its message carries it (a job's type,
     * payload and limits never change), with the attempt the claim answers; only a message that
     * lacks any of them has its claim answer the job.
     */
    private void claim(Message message) {
        JobRunMessage run;
        try {
            run = jsonb.fromJson(new String(message.getData(), StandardCharsets.UTF_8), JobRunMessage.class);
        } catch (JsonbException e) {
            run = null;
        }
        if (run == null || run.id() == null || run.id().isBlank()) {
            LOG.warning(() -> "dropping an unreadable job_run message " + message.getId());
            message.finish();
            PromptAcks.flush(List.of(message));
            done(false);
            return;
        }
        String id = run.id();
        JobRunMessage delivered = run;
        if (dispatch.batching()) {
            dispatch.claimLater(id, settings.id(), !run.runnable()).whenComplete((claimed, refused) -> {
                ClaimedJob job = null;
                Throwable failure = refused instanceof CompletionException wrapped ? wrapped.getCause() : refused;
                if (failure == null) {
                    try {
                        job = toRun(claimed, delivered);
                    } catch (RuntimeException unreadable) {
                        failure = unreadable;
                    }
                }
                if (failure == null) {
                    ClaimedJob claimedJob = job;
                    onJobThread(message, () -> run(claimedJob, message));
                } else {
                    notClaimed(id, failure, message);
                }
            });
        } else {
            onJobThread(message, () -> {
                ClaimedJob job;
                try {
                    job = fromJob(dispatch.claim(id, settings.id()));
                } catch (DispatchRefusal | RuntimeException | LinkageError e) {
                    notClaimed(id, e, message);
                    return;
                }
                run(job, message);
            });
        }
    }

    /** The claimed job as dispatch answered it, or else as its message carries it, run as the claim's attempt. */
    private ClaimedJob toRun(CallbackResult claimed, JobRunMessage delivered) {
        if (claimed.getJob() != null) {
            return fromJob(claimed.getJob());
        }
        if (claimed.getAttempt() == null || !delivered.runnable()) {
            throw new IllegalStateException("dispatch answered the claim of job " + delivered.id() + " without its attempt or job");
        }
        return ClaimedJob.of(delivered, claimed.getAttempt());
    }

    private ClaimedJob fromJob(Job job) {
        return new ClaimedJob(job.getId(), job.getType(), payloadOf(job), job.getAttempts(), job.getMaxAttempts(),
                job.getTimeoutMs() == null ? 60_000 : job.getTimeoutMs());
    }

    /** Hands the work to a job thread; once they have ended (the worker stopping), the message goes back to nsqd. */
    private void onJobThread(Message message, Runnable work) {
        try {
            jobThreads.execute(work);
        } catch (RejectedExecutionException stopping) {
            // a claimed job's lease then runs out before another worker's claim is taken
            requeueNow(message);
            done(false);
        }
    }

    private void notClaimed(String id, Throwable cause, Message message) {
        try {
            settle(id, cause, message);
            PromptAcks.flush(List.of(message));
        } finally {
            done(false);
        }
    }

    /** On a job thread: runs the claimed job and reports it; the slot is free once the report is on its way. */
    private void run(ClaimedJob job, Message message) {
        boolean reporting = false;
        try {
            reporting = execute(job, message);
        } catch (DispatchRefusal | RuntimeException | LinkageError e) {
            settle(job.id(), e, message);
            PromptAcks.flush(List.of(message));
        } finally {
            done(reporting);
        }
    }

    /** The slot is free; the message's work has ended too unless its report is still on its way. */
    private void done(boolean reporting) {
        if (!reporting) {
            busy.decrementAndGet();
        }
        freeSlot();
    }

    /** A claim or a report that did not go through: the message is finished or requeued as the cause says. */
    private void settle(String id, Throwable cause, Message message) {
        if (cause instanceof DispatchRefusal refusal) {
            refused(id, refusal, message);
        } else if (cause instanceof ProcessingException unreachable) {
            LOG.warning(() -> "job " + id + ": dispatch unreachable (" + unreachable.getMessage() + "), requeued");
            message.requeue(UNAVAILABLE_DELAY_MS);
        } else {
            // never leave a message in flight: the job runs again on the next delivery, the claim guards it
            LOG.log(Level.SEVERE, "job " + id + ": unexpected error, requeued", cause);
            message.requeue(UNAVAILABLE_DELAY_MS);
        }
    }

    /**
     * Asks every running handler to stop (shutdown past its grace period), and every job that
     * starts from now on, such as one whose claim was still on its way: their jobs are reported as
     * failed attempts. Either this loop sees a job's handler or that job sees {@code stopping}.
     */
    public void cancelAll(String reason) {
        stopping = reason;
        running.forEach((context, job) -> {
            context.cancel(reason);
            job.thread.interrupt();
        });
    }

    public int runningCount() {
        return running.size();
    }

    /**
     * Messages whose job is being claimed, run or reported. The shutdown waits on this rather
     * than on the running handlers: a job claimed a moment before has no handler yet, and is not
     * yet stopped by {@link #cancelAll}.
     */
    public int activeCount() {
        return busy.get();
    }

    /** True when the success is being reported (its callback ends the message's work). */
    private boolean execute(ClaimedJob job, Message message) throws DispatchRefusal {
        String id = job.id();
        int attempt = job.attempt();
        long timeoutMs = job.timeoutMs();
        JobContext context = new JobContext(id, job.type(), job.payload(), attempt, job.maxAttempts(), timeoutMs,
                percent -> reportProgress(id, attempt, percent));
        events.publish(EventPublisher.PROCESSING, JobEvent.processing(id, job.type(), attempt, settings.id()));
        metrics.started(job.type());
        long started = System.nanoTime();
        JsonValue result = null;
        Throwable failure = null;
        running.put(context, new Running(Thread.currentThread(), message, started + TimeUnit.MILLISECONDS.toNanos(timeoutMs),
                started + TimeUnit.MILLISECONDS.toNanos(settings.touchMillis())));
        String stop = stopping;
        if (stop != null) {
            context.cancel(stop);
            Thread.currentThread().interrupt();
        }
        try {
            result = handlers.run(context);
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            // a handler's error fails its attempt like an exception: the job must never be left unreported
            failure = e;
        } finally {
            running.remove(context);
            Thread.interrupted(); // a late deadline must not disturb the reports below
        }
        journal.ran(id, attempt, failure == null);
        Duration runTime = Duration.ofNanos(System.nanoTime() - started);
        if (failure == null) {
            JsonValue answer = result;
            CompletableFuture<?> report = dispatch.complete(id, settings.id(), attempt, answer);
            report.whenComplete((after, refused) -> completed(job, answer, runTime, message, refused));
            if (report.isDone()) {
                flushAcks();
            }
            return true;
        }
        try {
            reportFailure(job, context, failure, runTime, message);
            PromptAcks.flush(List.of(message));
        } finally {
            metrics.ended();
        }
        return false;
    }

    /** Dispatch has answered the success report (on the batch's sender thread: nothing here may block). */
    private void completed(ClaimedJob job, JsonValue result, Duration runTime, Message message, Throwable refused) {
        try {
            if (refused == null) {
                metrics.completed(job.type(), runTime);
                events.publish(EventPublisher.COMPLETE, JobEvent.complete(job.id(), job.type(), job.attempt(),
                        settings.id(), result, runTime.toMillis()));
                message.finish();
            } else {
                settle(job.id(), refused instanceof CompletionException wrapped ? wrapped.getCause() : refused, message);
            }
            unflushed.add(message);
        } finally {
            metrics.ended();
            busy.decrementAndGet();
        }
    }

    private void reportFailure(ClaimedJob job, JobContext context, Throwable failure, Duration runTime, Message message)
            throws DispatchRefusal {
        boolean permanent = failure instanceof PermanentJobFailure;
        String error = context.isCancelled() ? context.cancelReason()
                : failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        LOG.log(Level.FINE, "job " + job.id() + " attempt " + job.attempt() + " failed", failure);
        Job after = dispatch.fail(job.id(), settings.id(), job.attempt(), error, !permanent);
        boolean willRetry = after.getStatus() == Job.StatusEnum.QUEUED;
        metrics.failed(job.type(), runTime, willRetry);
        events.publish(EventPublisher.FAILED, JobEvent.failed(job.id(), job.type(), after.getStatus().value(),
                job.attempt(), settings.id(), error, willRetry, runTime.toMillis()));
        if (willRetry) {
            message.requeue(settings.retryDelayMillis(job.attempt()));
        } else {
            message.finish();
        }
    }

    /** False when dispatch says this worker no longer holds the attempt; an unreachable dispatch is not that. */
    private boolean reportProgress(String id, int attempt, int percent) {
        try {
            dispatch.progress(id, settings.id(), attempt, percent);
            return true;
        } catch (DispatchRefusal refusal) {
            return false;
        } catch (ProcessingException unreachable) {
            return true;
        }
    }

    /**
     * Dispatch would not let this worker run the job: finish the message when the job is gone or
     * finished; otherwise (another worker's live lease, a delayed job delivered a moment early)
     * ask again later, so that the job is never dropped while it may still need to run.
     */
    private void refused(String id, DispatchRefusal refusal, Message message) {
        if (refusal.jobGone() || FINISHED.contains(refusal.jobStatus())) {
            LOG.info(() -> "job " + id + " not run here: " + refusal.getMessage());
            message.finish();
        } else {
            message.requeue("scheduled".equals(refusal.jobStatus()) ? EARLY_DELAY_MS : UNAVAILABLE_DELAY_MS);
        }
    }

    /**
     * The payload as JSON-P: the generated client binds it as JSON-B binds an {@code Object}
     * (maps, lists, strings, BigDecimals, booleans, nulls), which JSON-P takes as it is; anything
     * else goes through its JSON text.
     */
    @SuppressWarnings("unchecked")
    private JsonObject payloadOf(Job job) {
        Object payload = job.getPayload();
        if (payload instanceof Map<?, ?> map) {
            try {
                return JSON.createObjectBuilder((Map<String, Object>) map).build();
            } catch (IllegalArgumentException | ClassCastException notJsonTypes) {
                return JSON.createReader(new StringReader(jsonb.toJson(map))).readObject();
            }
        }
        return JsonValue.EMPTY_JSON_OBJECT;
    }
}
