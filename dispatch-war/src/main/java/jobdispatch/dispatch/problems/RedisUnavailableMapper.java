package jobdispatch.dispatch.problems;

import java.util.logging.Logger;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * 503 while Redis cannot be reached or every pooled connection is busy: nothing was stored, the
 * client may retry. An error Redis itself answered (a bug, such as a failing script) is a 500.
 */
@Provider
public class RedisUnavailableMapper implements ExceptionMapper<JedisException> {

    private static final Logger LOG = Logger.getLogger(RedisUnavailableMapper.class.getName());

    @Override
    public Response toResponse(JedisException e) {
        if (e instanceof JedisDataException) {
            return new UnexpectedErrorMapper().toResponse(e);
        }
        LOG.warning(() -> "Redis unavailable: " + e.getMessage());
        return Response.fromResponse(
                        Problem.of(Response.Status.SERVICE_UNAVAILABLE, "the job store (Redis) is unavailable; retry later")
                                .toResponse())
                .header("Retry-After", "5").build();
    }
}
