package jobdispatch.worker.jobs.control;

import jakarta.json.JsonObject;

/** What a handler gets: the job's id, type and payload, and which attempt this is. */
public record JobContext(String id, String type, JsonObject payload, int attempt, int maxAttempts) {
}
