package jobdispatch.dispatch.problems;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * 400 for a body JSON-B cannot read (malformed JSON, a wrong type such as a payload that is
 * not an object, an unknown field), with the parser's own words.
 */
@Provider
public class UnreadableBodyMapper implements ExceptionMapper<ProcessingException> {

    private static final Logger LOG = Logger.getLogger(UnreadableBodyMapper.class.getName());

    @Override
    public Response toResponse(ProcessingException e) {
        // the size limit hit while reading arrives wrapped in the parser's own exception
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return new BodyTooLargeMapper().toResponse(tooLarge);
            }
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonbException || cause instanceof JsonParsingException) {
                return Problem.of(Response.Status.BAD_REQUEST, "the body is not valid JSON for this operation: "
                        + innermost(cause).getMessage()).toResponse();
            }
        }
        LOG.log(Level.SEVERE, "unexpected processing error", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "unexpected error").toResponse();
    }

    private static Throwable innermost(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
