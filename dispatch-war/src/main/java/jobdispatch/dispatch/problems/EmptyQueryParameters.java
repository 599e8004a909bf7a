package jobdispatch.dispatch.problems;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * A query parameter sent with no value ({@code ?limit=}) is a 400, not its default: JAX-RS would
 * quietly use the default value of a numeric one. Found by schemathesis (docs/fuzzing.md).
 */
@Provider
public class EmptyQueryParameters implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        request.getUriInfo().getQueryParameters().forEach((name, values) -> {
            if (values.stream().anyMatch(String::isEmpty)) {
                throw new BadRequestException("the query parameter " + name + " has no value: leave it out for its default");
            }
        });
    }
}
