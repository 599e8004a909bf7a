package jobdispatch.worker.handlers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;

import jobdispatch.worker.jobs.control.JobContext;
import jobdispatch.worker.jobs.control.JobHandler;
import jobdispatch.worker.jobs.control.JobType;

/** The result is the payload. */
@ApplicationScoped
@JobType("echo")
public class EchoHandler implements JobHandler {

    @Override
    public JsonValue handle(JobContext job) {
        return job.payload();
    }
}
