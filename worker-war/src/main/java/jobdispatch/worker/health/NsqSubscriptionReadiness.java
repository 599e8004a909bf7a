package jobdispatch.worker.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jobdispatch.worker.jobs.boundary.RunSubscriber;

@Readiness
@ApplicationScoped
public class NsqSubscriptionReadiness implements HealthCheck {

    @Inject
    RunSubscriber subscriber;

    @Override
    public HealthCheckResponse call() {
        int connections = subscriber.connectionCount();
        return HealthCheckResponse.named("nsq-subscription").status(connections > 0)
                .withData("connections", connections).build();
    }
}
