package jobdispatch.dispatch.problems;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import jobdispatch.dispatch.jobs.control.JobNotFoundException;

@Provider
public class JobNotFoundMapper implements ExceptionMapper<JobNotFoundException> {

    @Override
    public Response toResponse(JobNotFoundException e) {
        return Problem.of(Response.Status.NOT_FOUND, e.getMessage()).toResponse();
    }
}
