package jobdispatch.testing;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

/** JSON over HTTP for tests that talk to the running system only through its public API. */
public final class JsonHttp {

    public record Response(int status, HttpResponse<String> raw) {

        public JsonObject json() {
            return (JsonObject) structure();
        }

        public JsonStructure structure() {
            try (JsonReader reader = Json.createReader(new StringReader(raw.body()))) {
                return reader.read();
            }
        }

        public String body() {
            return raw.body();
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }
    }

    // HTTP/1.1, as the worker's client speaks: the JDK's client asks a plain-HTTP server to upgrade a
    // new connection to HTTP/2 (h2c, which Payara accepts) and holds every other request to that
    // server until the first one is answered, so a request sent while a long wait (waitMs) opened
    // the connection waited for the whole wait: the wait tests failed now and then after 20 s
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public JsonHttp(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    public Response get(String path) {
        return get(path, "application/json, application/problem+json");
    }

    public Response get(String path, String accept) {
        return send(HttpRequest.newBuilder(resolve(path)).header("Accept", accept).GET());
    }

    public Response post(String path, JsonValue body) {
        return post(path, body.toString(), "application/json");
    }

    public Response post(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", contentType)
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** POST of raw bytes, with a Content-Length, or streamed without one (unknownLength). */
    public Response post(String path, byte[] body, String contentType, boolean unknownLength) {
        return send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", contentType)
                .header("Accept", "application/json, application/problem+json")
                .POST(unknownLength
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** POST with one extra request header, such as Idempotency-Key. */
    public Response post(String path, String body, String contentType, String header, String value) {
        return send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", contentType)
                .header("Accept", "application/json, application/problem+json")
                .header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(resolve(path)).header("Accept", "application/json, application/problem+json").DELETE());
    }

    /** Any method, with or without a JSON body. */
    public Response send(String method, String path, String body) {
        return send(HttpRequest.newBuilder(resolve(path)).header("Accept", "application/json, application/problem+json")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private URI resolve(String path) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        return URI.create(root + (path.startsWith("/") ? path.substring(1) : path));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(
                    request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls a GET until the predicate holds, returning the last response. */
    public Response awaitGet(String path, java.util.function.Predicate<Response> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(path);
                if (done.test(last)) {
                    return last;
                }
            } catch (UncheckedIOException notUpYet) {
                // the server may still be starting
            }
            ServerProcess.sleep(100);
        }
        throw new AssertionError("GET " + path + " did not reach the expected state in " + timeout
                + "; last: " + (last == null ? "no answer" : last.status() + " " + last.body()));
    }
}
