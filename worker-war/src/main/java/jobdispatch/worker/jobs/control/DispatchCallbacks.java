package jobdispatch.worker.jobs.control;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
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

import jobdispatch.batching.Batcher;
import jobdispatch.client.api.ApiException;
import jobdispatch.client.api.WorkerApi;
import jobdispatch.client.model.CallbackResult;
import jobdispatch.client.model.CallbackResults;
import jobdispatch.client.model.Claim;
import jobdispatch.client.model.ClaimBatch;
import jobdispatch.client.model.Completion;
import jobdispatch.client.model.CompletionBatch;
import jobdispatch.client.model.Failure;
import jobdispatch.client.model.Heartbeat;
import jobdispatch.client.model.Job;
import jobdispatch.client.model.JobCompletion;
import jobdispatch.client.model.Problem;
import jobdispatch.client.model.Progress;

/**
 * The worker's calls to dispatch, through the REST client generated from dispatch's OpenAPI
 * document. A 4xx answer becomes a {@link DispatchRefusal}; dispatch being unreachable stays a
 * {@link ProcessingException}.
 */
@Dependent
public class DispatchCallbacks {

    private static final Logger LOG = Logger.getLogger(DispatchCallbacks.class.getName());
    /** The most jobs in one batched request (dispatch accepts up to 100). */
    static final int BATCH_MAX = 100;
    /** False once dispatch turned a batch request down as unknown: an older dispatch. */
    private volatile boolean batchesAccepted = true;

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

    /** Claims and completions waiting at the same moment go to dispatch as one request (docs/configuration.md). */
    @Inject
    @ConfigProperty(name = "worker.batch.callbacks", defaultValue = "true")
    boolean batchCallbacks;

    /**
     * Batched claim requests that may be on their way to dispatch at once (docs/configuration.md):
     * a slot waits for its job's claim, so a claim that waited for the request before it to be
     * answered kept its slot idle for that long. Completions hold no slot and go one request at a time.
     */
    @Inject
    @ConfigProperty(name = "worker.claim.requests", defaultValue = "2")
    int claimRequests;

    @Resource
    ManagedThreadFactory threads;

    private WorkerApi dispatch;
    private volatile Batcher<Claimed, CallbackResult> claims;
    private volatile Batcher<JobCompletion, CallbackResult.StatusEnum> completions;

    private record Claimed(String id, String workerId, boolean withJob) {
    }

    // built here from dispatch.url rather than by @RestClient and mp-rest keys, which behave
    // differently on Payara Micro and in an EAR on Payara Server
    @PostConstruct
    void connect() {
        RestClientBuilder builder = RestClientBuilder.newBuilder().baseUri(URI.create(dispatchUrl))
                .connectTimeout(connectTimeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(readTimeoutMillis, TimeUnit.MILLISECONDS)
                .register(PlainStringParams.class);
        token.filter(t -> !t.isBlank()).ifPresent(t -> {
            String authorization = "Bearer " + t.trim();
            builder.register((ClientRequestFilter) request -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, authorization));
        });
        dispatch = builder.build(WorkerApi.class);
    }

    /**
     * From now on, claims and completions made at the same moment share a request (when
     * {@code worker.batch.callbacks} is on). The subscriber starts this before its first message;
     * {@code afterCompletions} runs after each batch of completions has been answered.
     */
    public void startBatching(Runnable afterCompletions) {
        if (batchCallbacks && claims == null) {
            claims = new Batcher<>("dispatch-claims", BATCH_MAX, Integer.MAX_VALUE, 0, Math.max(1, claimRequests), this::claimAll, threads);
            completions = new Batcher<>("dispatch-completions", BATCH_MAX, this::completeAll, threads);
            completions.afterEachBatch(afterCompletions);
        }
    }

    /** Sends what is queued, then stops batching (the worker is stopping). */
    public void stopBatching(long waitMillis) {
        Batcher<?, ?> claiming = claims;
        Batcher<?, ?> completing = completions;
        if (claiming != null) {
            claiming.stop(waitMillis);
            completing.stop(waitMillis);
        }
    }

    /** True while claims and completions are batched: claims then go through {@link #claimLater}. */
    public boolean batching() {
        return claims != null;
    }

    /**
     * Claims without waiting for dispatch's answer, while {@link #batching}: the future completes
     * on the batch's sender thread with the claim's result (its attempt, and its job when
     * {@code withJob}, or when dispatch answered it anyway), or fails with a {@link DispatchRefusal}
     * or a {@link ProcessingException}. A worker that does not batch claims with {@link #claim}.
     */
    public CompletableFuture<CallbackResult> claimLater(String id, String workerId, boolean withJob) {
        Batcher<Claimed, CallbackResult> batcher = claims;
        if (batcher == null) {
            throw new IllegalStateException("claims are not batched: claim one at a time");
        }
        return batcher.submitLater(new Claimed(id, workerId, withJob));
    }

    /** One claim, one request, on the caller's thread: how a worker claims when it does not batch. */
    public Job claim(String id, String workerId) throws DispatchRefusal {
        return call(() -> dispatch.claimJob(id, new Claim().workerId(workerId)));
    }

    /**
     * The batch asks for no jobs when no item needs one (the worker has them from their messages):
     * dispatch then neither reads the jobs back nor writes them, and the worker parses no job. A
     * dispatch older than {@code withJob} ignores it and answers the jobs, which serve as well.
     */
    private List<Batcher.Outcome<CallbackResult>> claimAll(List<Claimed> items) {
        if (!batchesAccepted) {
            return items.stream().map(c -> single(() -> {
                Job job = claim(c.id(), c.workerId());
                return new CallbackResult().id(c.id()).status(CallbackResult.StatusEnum.PROCESSING).attempt(job.getAttempts()).job(job);
            })).toList();
        }
        ClaimBatch request = new ClaimBatch().workerId(items.get(0).workerId()).ids(items.stream().map(Claimed::id).toList());
        String withJob = items.stream().anyMatch(Claimed::withJob) ? null : "false";
        return batch(() -> dispatch.claimJobs(request, withJob), result -> result, items.size(), () -> claimAll(items));
    }

    /** A completion answers the job's status (complete): the worker needs only to know it went through. */
    private List<Batcher.Outcome<CallbackResult.StatusEnum>> completeAll(List<JobCompletion> items) {
        if (!batchesAccepted) {
            return items.stream().map(c -> single(() -> {
                completeOne(c.getId(), c.getWorkerId(), c.getAttempt(), c.getResult());
                return CallbackResult.StatusEnum.COMPLETE;
            })).toList();
        }
        return batch(() -> dispatch.completeJobs(new CompletionBatch().completions(items)), CallbackResult::getStatus, items.size(),
                () -> completeAll(items));
    }

    /**
     * One batched request: each item's answer ({@code answer} of its result), or its refusal as
     * the single call would have thrown it; a failure of the whole request is every item's. An
     * older dispatch without the batch endpoints (404/405) is called one job at a time from then on.
     */
    private <O> List<Batcher.Outcome<O>> batch(Call<CallbackResults> request, Function<CallbackResult, O> answer, int size,
            Supplier<List<Batcher.Outcome<O>>> oneByOne) {
        CallbackResults results;
        try {
            results = call(request);
        } catch (DispatchRefusal whole) {
            if (whole.httpStatus() == 404 || whole.httpStatus() == 405) {
                batchesAccepted = false;
                LOG.warning(() -> "dispatch at " + dispatchUrl + " has no batched callbacks (" + whole.httpStatus()
                        + "): one request per job from now on");
                return oneByOne.get();
            }
            return Collections.nCopies(size, Batcher.Outcome.failed(whole));
        } catch (RuntimeException whole) {
            return Collections.nCopies(size, Batcher.Outcome.failed(whole));
        }
        List<Batcher.Outcome<O>> outcomes = new ArrayList<>(size);
        for (CallbackResult result : results.getResults()) {
            Problem problem = result.getProblem();
            O value = problem == null ? answer.apply(result) : null;
            outcomes.add(value != null ? Batcher.Outcome.of(value)
                    : Batcher.Outcome.failed(new DispatchRefusal(problem == null || problem.getStatus() == null ? 409 : problem.getStatus(),
                            problem == null ? null : problem.getJobStatus(), problem == null ? "refused" : problem.getDetail())));
        }
        return outcomes;
    }

    private static <O> Batcher.Outcome<O> single(Call<O> call) {
        try {
            return Batcher.Outcome.of(call(call));
        } catch (DispatchRefusal | RuntimeException e) {
            return Batcher.Outcome.failed(e);
        }
    }

    public Job progress(String id, String workerId, int attempt, int percent) throws DispatchRefusal {
        return call(() -> dispatch.reportProgress(id, new Progress().workerId(workerId).attempt(attempt).progress(percent)));
    }

    /**
     * Reports success without waiting for dispatch's answer: the future completes once dispatch
     * has recorded it, or fails with a {@link DispatchRefusal} or a {@link ProcessingException}. Batched, it completes
     * on the batch's sender thread; otherwise it is already done when returned.
     */
    public CompletableFuture<?> complete(String id, String workerId, int attempt, JsonValue result) {
        Batcher<JobCompletion, CallbackResult.StatusEnum> batcher = completions;
        if (batcher != null) {
            return batcher.submitLater(new JobCompletion().id(id).workerId(workerId).attempt(attempt).result(result));
        }
        try {
            return CompletableFuture.completedFuture(completeOne(id, workerId, attempt, result));
        } catch (DispatchRefusal | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Job completeOne(String id, String workerId, int attempt, Object result) throws DispatchRefusal {
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

    private interface Call<T> {
        T invoke() throws ApiException, DispatchRefusal;
    }

    private static <T> T call(Call<T> call) throws DispatchRefusal {
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
