package jobdispatch.dispatch.jobs.entity;

import jakarta.json.JsonObject;

/** The body of a {@code job_run} message: the job to run and its limits (see docs/asyncapi.yaml). */
public record JobRun(String id, String type, JsonObject payload, int attempts, int maxAttempts, long timeoutMs) {

    public static JobRun of(Job job) {
        return new JobRun(job.id(), job.type(), job.payload(), job.attempts(), job.maxAttempts(), job.timeoutMs());
    }
}
