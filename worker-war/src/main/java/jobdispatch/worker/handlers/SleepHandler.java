package jobdispatch.worker.handlers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonValue;

import jobdispatch.worker.jobs.control.JobContext;
import jobdispatch.worker.jobs.control.JobHandler;
import jobdispatch.worker.jobs.control.JobType;
import jobdispatch.worker.jobs.control.PermanentJobFailure;

/**
 * Sleeps {@code payload.ms} milliseconds (default 1000), reporting progress each second, then
 * answers {@code {"slept": ms}}. Stops when interrupted (timeout, shutdown).
 */
@ApplicationScoped
@JobType("sleep")
public class SleepHandler implements JobHandler {

    private static final long STEP_MS = 1000;

    @Override
    public JsonValue handle(JobContext job) throws Exception {
        long millis = job.payload().containsKey("ms") ? job.payload().getJsonNumber("ms").longValue() : 1000;
        if (millis < 0) {
            throw new PermanentJobFailure("payload.ms must not be negative");
        }
        long slept = 0;
        while (slept < millis) {
            long step = Math.min(STEP_MS, millis - slept);
            Thread.sleep(step);
            slept += step;
            if (slept < millis) {
                job.progress((int) (100 * slept / millis));
            }
        }
        return Json.createObjectBuilder().add("slept", millis).build();
    }
}
