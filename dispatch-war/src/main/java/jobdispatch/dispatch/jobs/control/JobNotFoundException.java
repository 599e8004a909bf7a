package jobdispatch.dispatch.jobs.control;

/** No job has this id (never had, or it expired). */
public class JobNotFoundException extends RuntimeException {

    private final String jobId;

    public JobNotFoundException(String jobId) {
        super("no job with id " + jobId);
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
