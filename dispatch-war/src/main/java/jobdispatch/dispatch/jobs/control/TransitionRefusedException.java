package jobdispatch.dispatch.jobs.control;

import jobdispatch.dispatch.jobs.entity.JobStatus;

/** The state machine does not allow this step from the job's current state. */
public class TransitionRefusedException extends RuntimeException {

    private final String jobId;
    private final JobStatus current;

    public TransitionRefusedException(String jobId, JobStatus current, String action) {
        super("job " + jobId + " is " + current.wire() + ": cannot " + action);
        this.jobId = jobId;
        this.current = current;
    }

    public String jobId() {
        return jobId;
    }

    public JobStatus current() {
        return current;
    }
}
