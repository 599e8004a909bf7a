package jobdispatch.worker.jobs.entity;

/** The body of a {@code job_run} message; the worker needs only the id, the claim brings the rest. */
public record JobRunMessage(String id, String type, int attempts, int maxAttempts) {
}
