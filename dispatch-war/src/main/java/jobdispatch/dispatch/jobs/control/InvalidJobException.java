package jobdispatch.dispatch.jobs.control;

/** A request that Bean Validation lets through but the job rules do not (such as delayMs with runAt). */
public class InvalidJobException extends RuntimeException {

    public InvalidJobException(String message) {
        super(message);
    }
}
