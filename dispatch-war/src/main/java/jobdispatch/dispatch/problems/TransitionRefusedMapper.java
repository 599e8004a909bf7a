package jobdispatch.dispatch.problems;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import jobdispatch.dispatch.jobs.control.TransitionRefusedException;

/** 409 naming the state that refused the step, so a worker knows whether to drop or retry the message. */
@Provider
public class TransitionRefusedMapper implements ExceptionMapper<TransitionRefusedException> {

    @Override
    public Response toResponse(TransitionRefusedException e) {
        return Problem.conflict(e.getMessage(), e.current().wire()).toResponse();
    }
}
