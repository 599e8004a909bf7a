package jobdispatch.worker.handlers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonValue;

import jobdispatch.worker.jobs.control.JobContext;
import jobdispatch.worker.jobs.control.JobHandler;
import jobdispatch.worker.jobs.control.JobType;
import jobdispatch.worker.jobs.control.PermanentJobFailure;

/** Sleeps {@code payload.ms} milliseconds (default 1000), then answers {@code {"slept": ms}}. */
@ApplicationScoped
@JobType("sleep")
public class SleepHandler implements JobHandler {

    @Override
    public JsonValue handle(JobContext job) throws Exception {
        long millis = job.payload().containsKey("ms") ? job.payload().getJsonNumber("ms").longValue() : 1000;
        if (millis < 0) {
            throw new PermanentJobFailure("payload.ms must not be negative");
        }
        Thread.sleep(millis);
        return Json.createObjectBuilder().add("slept", millis).build();
    }
}
