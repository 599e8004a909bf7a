package jobdispatch.worker.jobs.control;

/** Thrown by a handler (or the worker) when retrying cannot help: the job fails at once. */
public class PermanentJobFailure extends Exception {

    private static final long serialVersionUID = 1L;

    public PermanentJobFailure(String message) {
        super(message);
    }
}
