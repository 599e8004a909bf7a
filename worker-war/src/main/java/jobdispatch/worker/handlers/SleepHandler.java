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
 * answers {@code {"slept": ms, "from": t0, "to": t1}}, t0 and t1 the epoch milliseconds at which
 * it began and ended (the job's startedAt and finishedAt also count its claim and its report).
 * Stops when interrupted (timeout, shutdown).
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
        long from = System.currentTimeMillis();
        long slept = 0;
        while (slept < millis) {
            long step = Math.min(STEP_MS, millis - slept);
            Thread.sleep(step);
            slept += step;
            if (slept < millis) {
                job.progress((int) (100 * slept / millis));
            }
        }
        return Json.createObjectBuilder().add("slept", millis).add("from", from).add("to", System.currentTimeMillis()).build();
    }
}
