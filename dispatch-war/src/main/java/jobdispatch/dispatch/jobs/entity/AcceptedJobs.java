package jobdispatch.dispatch.jobs.entity;

import java.util.List;

/**
 * A batch submit's minimal answer ({@code Prefer: return=minimal}): each accepted job's id and status,
 * in the order sent. The same shape as a {@link JobList} with only those two fields in each job,
 * so the OpenAPI document describes both as JobList.
 */
public record AcceptedJobs(List<Accepted> jobs) {

    /** One accepted job: what a submitter needs to follow it. */
    public record Accepted(String id, String status) {
    }

    public static AcceptedJobs of(List<Job> jobs) {
        return new AcceptedJobs(jobs.stream().map(job -> new Accepted(job.id(), job.status())).toList());
    }
}
