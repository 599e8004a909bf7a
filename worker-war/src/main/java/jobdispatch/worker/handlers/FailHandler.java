package jobdispatch.worker.handlers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;

import jobdispatch.worker.jobs.control.JobContext;
import jobdispatch.worker.jobs.control.JobHandler;
import jobdispatch.worker.jobs.control.JobType;

/** Always fails, with {@code payload.message} as the error if given. */
@ApplicationScoped
@JobType("fail")
public class FailHandler implements JobHandler {

    @Override
    public JsonValue handle(JobContext job) {
        throw new IllegalStateException(job.payload().getString("message", "failed on purpose (job type 'fail')"));
    }
}
