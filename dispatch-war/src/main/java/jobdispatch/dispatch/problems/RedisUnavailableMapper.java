package jobdispatch.dispatch.problems;

import java.util.logging.Logger;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import redis.clients.jedis.exceptions.JedisConnectionException;

/** 503 while Redis cannot be reached: nothing was stored, the client may retry. */
@Provider
public class RedisUnavailableMapper implements ExceptionMapper<JedisConnectionException> {

    private static final Logger LOG = Logger.getLogger(RedisUnavailableMapper.class.getName());

    @Override
    public Response toResponse(JedisConnectionException e) {
        LOG.warning(() -> "Redis unavailable: " + e.getMessage());
        return Response.fromResponse(
                        Problem.of(Response.Status.SERVICE_UNAVAILABLE, "the job store (Redis) is unavailable; retry later")
                                .toResponse())
                .header("Retry-After", "5").build();
    }
}
