package jobdispatch.worker.jobs.entity;

import jakarta.json.JsonObject;

/**
 * The body of a {@code job_run} message (docs/asyncapi.yaml): the job as dispatch published it.
 * The attempts count is the one at its publish; the claim answers the attempt this worker holds.
 */
public record JobRunMessage(String id, String type, JsonObject payload, Integer attempts, Integer maxAttempts, Long timeoutMs) {

    /** True when the message carries all a worker needs to run the job, so that its claim need not answer the job. */
    public boolean runnable() {
        return type != null && payload != null && maxAttempts != null && timeoutMs != null;
    }
}
