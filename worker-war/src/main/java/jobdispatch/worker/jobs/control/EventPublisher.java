package jobdispatch.worker.jobs.control;

import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import com.sproutsocial.nsq.Publisher;

import jobdispatch.worker.jobs.entity.JobEvent;

/** Publishes the status events on {@code job_processing}, {@code job_complete} and {@code job_failed}. */
public class EventPublisher {

    public static final String PROCESSING = "job_processing";
    public static final String COMPLETE = "job_complete";
    public static final String FAILED = "job_failed";
    private static final Logger LOG = Logger.getLogger(EventPublisher.class.getName());

    private final Publisher publisher;
    private final Jsonb jsonb = JsonbBuilder.create();

    public EventPublisher(Publisher publisher) {
        this.publisher = publisher;
    }

    /** Events inform; a lost one must not fail the job, so a failed publish is logged and dropped. */
    public void publish(String topic, JobEvent event) {
        try {
            publisher.publish(topic, jsonb.toJson(event).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "event for job " + event.id() + " not published on " + topic + ": " + e);
        }
    }
}
