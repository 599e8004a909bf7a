package jobdispatch.worker.jobs.entity;

import jakarta.json.JsonObject;

/** A job this worker holds the claim of: what its handler needs, and the attempt it runs. */
public record ClaimedJob(String id, String type, JsonObject payload, int attempt, int maxAttempts, long timeoutMs) {

    /** The job its message carries, run as the claim's attempt. */
    public static ClaimedJob of(JobRunMessage message, int attempt) {
        return new ClaimedJob(message.id(), message.type(), message.payload(), attempt, message.maxAttempts(), message.timeoutMs());
    }
}
