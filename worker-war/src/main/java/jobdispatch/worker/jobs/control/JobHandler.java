package jobdispatch.worker.jobs.control;

import jakarta.json.JsonValue;

/**
 * Runs jobs of one type. A handler is a CDI bean carrying {@link JobType} with its type name;
 * adding a type to a deployment is writing one such class (docs/handlers.md).
 */
public interface JobHandler {

    /**
     * Runs one attempt. Returning is success, with the result stored on the job; throwing is a
     * failed attempt, retried while attempts remain unless it is a {@link PermanentJobFailure}.
     */
    JsonValue handle(JobContext job) throws Exception;
}
