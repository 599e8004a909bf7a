package jobdispatch.dispatch.jobs.entity;

import java.util.Objects;

import jakarta.json.JsonObject;

/** The body of a {@code job_run} message: the job to run and its limits (see docs/asyncapi.yaml). */
public record JobRun(String id, String type, JsonObject payload, int attempts, int maxAttempts, long timeoutMs) {

    /** Cheap on purpose, and consistent with equals: see {@link Job#hashCode()}. */
    @Override
    public int hashCode() {
        return Objects.hash(id, attempts);
    }

    public static JobRun of(Job job) {
        return new JobRun(job.id(), job.type(), job.payload(), job.attempts(), job.maxAttempts(), job.timeoutMs());
    }
}
