package jobdispatch.worker.jobs.control;

import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;

import com.sproutsocial.nsq.Message;

import jobdispatch.client.model.Job;
import jobdispatch.worker.jobs.entity.JobEvent;
import jobdispatch.worker.jobs.entity.JobRunMessage;

/**
 * One {@code job_run} message, start to end: claim the job, announce it, run its handler,
 * report the outcome, then finish the message, or requeue it when the job must run again.
 * Nothing here acknowledges a message whose job could still be lost.
 */
@ApplicationScoped
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

    private final Jsonb jsonb = JsonbBuilder.create();
    private volatile EventPublisher events;

    public void useEvents(EventPublisher publisher) {
        this.events = publisher;
    }

    public void run(Message message) {
        JobRunMessage run;
        try {
            run = jsonb.fromJson(new String(message.getData(), java.nio.charset.StandardCharsets.UTF_8), JobRunMessage.class);
        } catch (JsonbException e) {
            LOG.warning(() -> "dropping an unreadable job_run message " + message.getId() + ": " + e.getMessage());
            message.finish();
            return;
        }
        try {
            Job job = dispatch.claim(run.id(), settings.id());
            execute(job, message);
        } catch (DispatchRefusal refusal) {
            refused(run, refusal, message);
        } catch (ProcessingException unreachable) {
            LOG.warning(() -> "job " + run.id() + ": dispatch unreachable (" + unreachable.getMessage() + "), requeued");
            message.requeue(UNAVAILABLE_DELAY_MS);
        } catch (RuntimeException unexpected) {
            // never leave a message in flight: the job runs again on the next delivery, the claim guards it
            LOG.log(Level.SEVERE, "job " + run.id() + ": unexpected error, requeued", unexpected);
            message.requeue(UNAVAILABLE_DELAY_MS);
        }
    }

    private void execute(Job job, Message message) throws DispatchRefusal {
        String id = job.getId();
        int attempt = job.getAttempts();
        events.publish(EventPublisher.PROCESSING, JobEvent.processing(id, job.getType(), attempt, settings.id()));
        long started = System.nanoTime();
        JsonValue result;
        try {
            result = handlers.run(new JobContext(id, job.getType(), payloadOf(job), attempt, job.getMaxAttempts()));
        } catch (Exception failure) {
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            reportFailure(job, failure, elapsedMillis(started), message);
            return;
        }
        long duration = elapsedMillis(started);
        dispatch.complete(id, settings.id(), attempt, result);
        events.publish(EventPublisher.COMPLETE, JobEvent.complete(id, job.getType(), attempt, settings.id(), result, duration));
        message.finish();
    }

    private void reportFailure(Job job, Exception failure, long duration, Message message) throws DispatchRefusal {
        boolean permanent = failure instanceof PermanentJobFailure;
        String error = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        if (!permanent) {
            LOG.log(Level.FINE, "job " + job.getId() + " attempt " + job.getAttempts() + " failed", failure);
        }
        Job after = dispatch.fail(job.getId(), settings.id(), job.getAttempts(), error, !permanent);
        boolean willRetry = after.getStatus() == Job.StatusEnum.QUEUED;
        events.publish(EventPublisher.FAILED, JobEvent.failed(job.getId(), job.getType(), after.getStatus().value(),
                job.getAttempts(), settings.id(), error, willRetry, duration));
        if (willRetry) {
            message.requeue(settings.retryDelayMillis(job.getAttempts()));
        } else {
            message.finish();
        }
    }

    /**
     * Dispatch would not let this worker run the job: finish the message when the job is gone or
     * finished; otherwise (another worker's live lease, a delayed job delivered a moment early)
     * ask again later, so that the job is never dropped while it may still need to run.
     */
    private void refused(JobRunMessage run, DispatchRefusal refusal, Message message) {
        if (refusal.jobGone() || FINISHED.contains(refusal.jobStatus())) {
            LOG.info(() -> "job " + run.id() + " not run here: " + refusal.getMessage());
            message.finish();
        } else {
            message.requeue("scheduled".equals(refusal.jobStatus()) ? EARLY_DELAY_MS : UNAVAILABLE_DELAY_MS);
        }
    }

    private JsonObject payloadOf(Job job) {
        Object payload = job.getPayload();
        if (payload instanceof Map<?, ?> map) {
            return Json.createReader(new StringReader(jsonb.toJson(map))).readObject();
        }
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
