package jobdispatch.worker.jobs.control;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import jobdispatch.client.api.ApiException;
import jobdispatch.client.api.WorkerApi;
import jobdispatch.client.model.Claim;
import jobdispatch.client.model.Completion;
import jobdispatch.client.model.Failure;
import jobdispatch.client.model.Heartbeat;
import jobdispatch.client.model.Job;
import jobdispatch.client.model.Problem;
import jobdispatch.client.model.Progress;

/**
 * The worker's calls to dispatch, through the REST client generated from dispatch's OpenAPI
 * document. A 4xx answer becomes a {@link DispatchRefusal}; dispatch being unreachable stays a
 * {@link ProcessingException}.
 */
@Dependent
public class DispatchCallbacks {

    @Inject
    @ConfigProperty(name = "dispatch.url", defaultValue = "http://localhost:8080")
    String dispatchUrl;

    @Inject
    @ConfigProperty(name = "dispatch.connect.timeout.ms", defaultValue = "5000")
    long connectTimeoutMillis;

    @Inject
    @ConfigProperty(name = "dispatch.read.timeout.ms", defaultValue = "30000")
    long readTimeoutMillis;

    /** The worker's own credential (a JWT with the role worker) when dispatch requires one; never logged. */
    @Inject
    @ConfigProperty(name = "dispatch.token")
    Optional<String> token;

    private WorkerApi dispatch;

    // built here from dispatch.url rather than by @RestClient and mp-rest keys, which behave
    // differently on Payara Micro and in an EAR on Payara Server
    @PostConstruct
    void connect() {
        RestClientBuilder builder = RestClientBuilder.newBuilder().baseUri(URI.create(dispatchUrl))
                .connectTimeout(connectTimeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(readTimeoutMillis, TimeUnit.MILLISECONDS);
        token.filter(t -> !t.isBlank()).ifPresent(t -> {
            String authorization = "Bearer " + t.trim();
            builder.register((ClientRequestFilter) request -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, authorization));
        });
        dispatch = builder.build(WorkerApi.class);
    }

    public Job claim(String id, String workerId) throws DispatchRefusal {
        return call(() -> dispatch.claimJob(id, new Claim().workerId(workerId)));
    }

    public Job progress(String id, String workerId, int attempt, int percent) throws DispatchRefusal {
        return call(() -> dispatch.reportProgress(id, new Progress().workerId(workerId).attempt(attempt).progress(percent)));
    }

    public Job complete(String id, String workerId, int attempt, JsonValue result) throws DispatchRefusal {
        return call(() -> dispatch.completeJob(id, new Completion().workerId(workerId).attempt(attempt).result(result)));
    }

    public Job fail(String id, String workerId, int attempt, String error, boolean retryable) throws DispatchRefusal {
        return call(() -> dispatch.failJob(id, new Failure().workerId(workerId).attempt(attempt).error(error).retryable(retryable)));
    }

    /** Tells dispatch this worker is alive; the console lists it. */
    public void heartbeat(String workerId, Heartbeat heartbeat) {
        try {
            dispatch.sendHeartbeat(workerId, heartbeat);
        } catch (ApiException e) {
            throw new ProcessingException("heartbeat refused: " + refusal(e).getMessage(), e);
        } catch (WebApplicationException e) {
            throw new ProcessingException("heartbeat refused: "
                    + (e.getCause() instanceof ApiException api ? refusal(api).getMessage() : e.getMessage()), e);
        }
    }

    private interface Call {
        Job invoke() throws ApiException;
    }

    private static Job call(Call call) throws DispatchRefusal {
        try {
            return call.invoke();
        } catch (ApiException e) {
            throw refusal(e);
        } catch (WebApplicationException e) {
            // Payara's client proxy may deliver the mapper's checked ApiException wrapped
            if (e.getCause() instanceof ApiException api) {
                throw refusal(api);
            }
            throw new ProcessingException("dispatch answered " + e.getResponse().getStatus(), e);
        }
    }

    private static DispatchRefusal refusal(ApiException e) {
        Response response = e.getResponse();
        if (response.getStatus() >= 500) {
            throw new ProcessingException("dispatch answered " + response.getStatus());
        }
        Problem problem = readProblem(response);
        if (problem == null || problem.getStatus() == null) {
            // not dispatch's own answer: a server still deploying it (or a proxy) answers 404 for
            // every path, which must never read as "this job is gone" and drop its message
            throw new ProcessingException("dispatch is not answering (HTTP " + response.getStatus() + " without a problem)");
        }
        return new DispatchRefusal(response.getStatus(), problem == null ? null : problem.getJobStatus(),
                problem == null ? e.getMessage() : problem.getDetail());
    }

    private static Problem readProblem(Response response) {
        try {
            return response.readEntity(Problem.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
