package jobdispatch.dispatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import redis.clients.jedis.UnifiedJedis;

@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

    @Inject
    UnifiedJedis redis;

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("redis").status("PONG".equals(redis.ping())).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("redis").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
