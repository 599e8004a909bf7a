package jobdispatch.dispatch.jobs.control;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import jobdispatch.dispatch.jobs.entity.Job;
import jobdispatch.dispatch.jobs.entity.JobPage;
import jobdispatch.dispatch.jobs.entity.JobRun;
import jobdispatch.dispatch.jobs.entity.NewJob;

/** Accepting and reading jobs: a job is stored before it is published, so an accepted job is never lost. */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class.getName());

    @Inject
    JobStore store;

    @Inject
    RunPublisher publisher;

    Clock clock = Clock.systemUTC();

    public Job submit(NewJob request) {
        // Redis keeps milliseconds: answer the same instant that a later GET returns
        Job job = store.create(request, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        LOG.info(() -> "job " + job.id() + " queued: type " + job.type());
        if (publisher.publish(JobRun.of(job))) {
            store.published(job.id());
        }
        return job;
    }

    public Job get(String id) {
        return store.findWithHistory(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    public JobPage list(int limit, String cursor) {
        return store.list(limit, cursor);
    }
}
