package jobdispatch.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jobdispatch.testing.PayaraMicro;
import jobdispatch.testing.ServerProcess;
import jobdispatch.testing.TestServers;

/**
 * A worker against a dispatch from before the batched callbacks (POST /api/job/claims and
 * /api/job/completions): the real dispatch behind a proxy that answers those two as an older
 * dispatch does, 404 with a problem, and passes every other request through. The worker falls
 * back to one claim and one completion per job, and its jobs complete.
 */
@ExtendWith(TestServers.Start.class)
class OlderDispatchIT {

    static final List<String> BATCH_PATHS = List.of("/api/job/claims", "/api/job/completions");

    @Test
    void aWorkerFallsBackToOneCallPerJobWhenDispatchHasNoBatchedCallbacks() throws Exception {
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", ServerProcess.freePort()), 0);
        try (SystemUnderTest dispatch = SystemUnderTest.startDispatch("older-dispatch", Map.of())) {
            HttpClient client = HttpClient.newHttpClient();
            proxy.setExecutor(threads);
            proxy.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getRawPath();
                String kind = BATCH_PATHS.contains(path) ? path
                        : path.matches("/api/job/[^/]+/(claim|complete)") ? path.replaceAll(".*/", "single ") : "other";
                seen.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                if (BATCH_PATHS.contains(path)) {
                    respond(exchange, 404, "application/problem+json",
                            "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"HTTP 404 Not Found\"}");
                } else {
                    forward(client, dispatch.micro.baseUri(), exchange);
                }
            });
            proxy.start();
            URI proxied = URI.create("http://127.0.0.1:" + proxy.getAddress().getPort());
            PayaraMicro worker = SystemUnderTest.startWorker("older-dispatch-worker", proxied, Map.of("worker.concurrency", "4"));
            try {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    ids.add(dispatch.submit("echo", Json.createObjectBuilder().add("i", i).build(), 3));
                }
                for (int i = 0; i < ids.size(); i++) {
                    assertEquals(i, dispatch.awaitStatus(ids.get(i), "complete", Duration.ofSeconds(60)).getJsonObject("result").getInt("i"),
                            "the job ran with its own payload");
                }
                assertTrue(count(seen, "/api/job/claims") >= 1, "the worker tried the batch first: " + seen);
                // one refusal is enough for the worker to stop asking; a second claims request
                // (worker.claim.requests, 2) may already have been on its way when it came
                int batches = count(seen, "/api/job/claims") + count(seen, "/api/job/completions");
                assertTrue(batches <= 2, "the worker stopped asking after the first refusal: " + seen);
                assertTrue(count(seen, "single claim") >= ids.size() && count(seen, "single complete") >= ids.size(), seen.toString());
                assertTrue(Files.readString(worker.log()).contains("has no batched callbacks"), "the worker says why");
            } finally {
                worker.stop();
            }
        } finally {
            proxy.stop(0);
            threads.shutdownNow();
        }
    }

    private static int count(Map<String, AtomicInteger> seen, String kind) {
        AtomicInteger n = seen.get(kind);
        return n == null ? 0 : n.get();
    }

    private static void forward(HttpClient client, URI dispatch, HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        HttpRequest.Builder request = HttpRequest.newBuilder(dispatch.resolve(exchange.getRequestURI().getRawPath().substring(1)
                        + (query == null ? "" : "?" + query)))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
        for (String header : List.of("Content-Type", "Accept", "Authorization")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            respond(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/json"),
                    response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 503, "text/plain", "interrupted");
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
