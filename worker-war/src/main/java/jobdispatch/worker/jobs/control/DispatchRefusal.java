package jobdispatch.worker.jobs.control;

/** Dispatch answered a callback with 4xx: the job is gone (404) or not in a state for this step (409). */
public class DispatchRefusal extends Exception {

    private static final long serialVersionUID = 1L;
    private final int httpStatus;
    private final String jobStatus;

    public DispatchRefusal(int httpStatus, String jobStatus, String detail) {
        super(detail);
        this.httpStatus = httpStatus;
        this.jobStatus = jobStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The job's state that refused the step, when dispatch named it. */
    public String jobStatus() {
        return jobStatus;
    }

    public boolean jobGone() {
        return httpStatus == 404;
    }
}
