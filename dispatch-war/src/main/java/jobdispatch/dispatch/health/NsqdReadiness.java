package jobdispatch.dispatch.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** nsqd's own /ping on its HTTP port; jobs are still accepted while it is down (the outbox keeps them). */
@Readiness
@ApplicationScoped
public class NsqdReadiness implements HealthCheck {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Inject
    @ConfigProperty(name = "nsqd.http.url", defaultValue = "http://127.0.0.1:4151")
    String nsqdHttpUrl;

    @Override
    public HealthCheckResponse call() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(nsqdHttpUrl + "/ping"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return HealthCheckResponse.named("nsqd").status(response.statusCode() == 200).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return HealthCheckResponse.named("nsqd").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
