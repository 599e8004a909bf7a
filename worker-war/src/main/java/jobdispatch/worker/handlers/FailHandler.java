package jobdispatch.worker.handlers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonValue;

import jobdispatch.worker.jobs.control.JobContext;
import jobdispatch.worker.jobs.control.JobHandler;
import jobdispatch.worker.jobs.control.JobType;

/**
 * Fails on purpose, for tests and demos: with {@code payload.times} = N it fails the first N
 * attempts and then succeeds with {@code {"attempt": n}}; without it, it always fails.
 * {@code payload.message} is the error.
 */
@ApplicationScoped
@JobType("fail")
public class FailHandler implements JobHandler {

    @Override
    public JsonValue handle(JobContext job) {
        int times = job.payload().getInt("times", Integer.MAX_VALUE);
        if (job.attempt() > times) {
            return Json.createObjectBuilder().add("attempt", job.attempt()).build();
        }
        throw new IllegalStateException(job.payload().getString("message", "failed on purpose (job type 'fail')"));
    }
}
