package jobdispatch.dispatch.problems;

/** The request body is larger than the API accepts. */
public class BodyTooLargeException extends RuntimeException {

    public BodyTooLargeException(long limit) {
        super("the body is larger than " + limit + " bytes");
    }
}
