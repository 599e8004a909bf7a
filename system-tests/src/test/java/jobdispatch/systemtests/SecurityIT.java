package jobdispatch.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import jobdispatch.testing.TestServers;
import jobdispatch.testing.Tokens;

/**
 * The production profile's security on the real WARs: MP-JWT bearer tokens verified by Payara,
 * the roles client / admin / worker, the worker's own credential, CORS and the console's
 * headers (docs/security.md).
 */
@ExtendWith(TestServers.Start.class)
class SecurityIT {

    static final String ISSUER = "jobs-security-it";
    static final String ORIGIN = "https://app.example";

    static SystemUnderTest system;
    static Tokens tokens;
    static Tokens stranger;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        Path target = Paths.get("target");
        Path keys = Files.createTempDirectory(target, "auth-keys");
        tokens = Tokens.inDirectory(keys, ISSUER);
        // the same issuer, another key: a forged token
        stranger = Tokens.inDirectory(Files.createTempDirectory(target, "auth-stranger"), ISSUER);
        system = SystemUnderTest.start("secured", Map.of(
                "auth.enabled", "true",
                "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.publickey.location", keys.resolve("public.pem").toUri().toString(),
                "dispatch.token", tokens.issue("worker-it", Duration.ofHours(1), "worker"),
                "cors.allowed.origins", ORIGIN));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    static String token(String... roles) {
        return tokens.issue("caller", Duration.ofMinutes(10), roles);
    }

    static HttpResponse<String> call(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(system.micro.baseUri().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!List.of(headers).contains("Accept")) {
            request.header("Accept", "application/json, application/problem+json");
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    static void assertProblem(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals(status, json(response).getInt("status"));
    }

    static String submit(String token) {
        HttpResponse<String> created = call("POST", "api/job", token, "{\"type\": \"echo\", \"payload\": {\"n\": 1}}");
        assertEquals(201, created.statusCode(), created.body());
        return json(created).getString("id");
    }

    @Test
    void withoutATokenNothingIsServedAndNothingChanges() {
        String before = call("GET", "api/job/stats", token("client"), null).body();
        HttpResponse<String> refused = call("POST", "api/job", null, "{\"type\": \"echo\"}");
        assertProblem(401, refused);
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertProblem(401, call("GET", "api/job", null, null));
        assertProblem(401, call("GET", "api/job/events", null, null, "Accept", "text/event-stream"));
        assertProblem(401, call("GET", "api/workers", null, null));
        assertEquals(before, call("GET", "api/job/stats", token("client"), null).body());
        // probes and the API's description stay open
        assertEquals(200, call("GET", "health/ready", null, null).statusCode());
        assertEquals(200, call("GET", "openapi", null, null).statusCode());
    }

    @Test
    void aForgedAMalformedOrAnExpiredTokenIsRefused() {
        assertProblem(401, call("GET", "api/job/stats", stranger.issue("caller", Duration.ofMinutes(10), "admin"), null));
        assertProblem(401, call("GET", "api/job/stats", "not-a-jwt", null));
        assertProblem(401, call("GET", "api/job/stats", tokens.issue("caller", Duration.ofMinutes(-5), "admin"), null));
        assertProblem(401, call("GET", "api/job/stats", tokens.withIssuer("someone-else").issue("caller", Duration.ofMinutes(10), "admin"), null));
    }

    @Test
    void aClientSubmitsAndReadsButCannotAdministerOrActAsAWorker() {
        String client = token("client");
        String id = submit(client);
        assertEquals(200, call("GET", "api/job/" + id, client, null).statusCode());
        assertEquals(200, call("GET", "api/job?limit=5", client, null).statusCode());
        assertProblem(403, call("POST", "api/job/" + id + "/cancel", client, null));
        assertProblem(403, call("DELETE", "api/job/" + id, client, null));
        // a client can never mark a job complete, nor claim one
        assertProblem(403, call("POST", "api/job/" + id + "/complete", client,
                "{\"workerId\": \"me\", \"attempt\": 1, \"result\": {\"forged\": true}}"));
        assertProblem(403, call("POST", "api/job/" + id + "/claim", client, "{\"workerId\": \"me\"}"));
        // the worker, with its own credential, runs it
        JsonObject done = awaitComplete(id, client);
        assertEquals("complete", done.getString("status"));
        assertFalse(done.getJsonObject("result").containsKey("forged"));
    }

    static JsonObject awaitComplete(String id, String token) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject job = json(call("GET", "api/job/" + id, token, null));
            if (job.getString("status").equals("complete")) {
                return job;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("job " + id + " did not complete");
    }

    @Test
    void anAdminAdministersAndAWorkerTokenOnlyReports() {
        String admin = token("admin");
        HttpResponse<String> scheduled = call("POST", "api/job", admin, "{\"type\": \"echo\", \"delayMs\": 600000}");
        assertEquals(201, scheduled.statusCode(), scheduled.body());
        String id = json(scheduled).getString("id");
        HttpResponse<String> cancelled = call("POST", "api/job/" + id + "/cancel", admin, null);
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertEquals("cancelled", json(cancelled).getString("status"));
        String worker = token("worker");
        assertProblem(403, call("POST", "api/job", worker, "{\"type\": \"echo\"}"));
        assertProblem(403, call("GET", "api/job/" + id, worker, null));
    }

    @Test
    void corsIsAnsweredOnlyForTheConfiguredOrigin() {
        HttpResponse<String> allowed = call("OPTIONS", "api/job", null, null, "Origin", ORIGIN,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type");
        assertEquals(204, allowed.statusCode());
        assertEquals(ORIGIN, allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
        HttpResponse<String> other = call("GET", "api/job/stats", token("client"), null, "Origin", "https://evil.example");
        assertEquals(200, other.statusCode());
        assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void theConsoleAsksForATokenAndShowsTheJobsOnceSignedIn() {
        ChromeDriver browser = Browsers.headlessChromium();
        try {
            var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(system.micro.baseUri().resolve("console/").toString());
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
            assertEquals("Jobs console: sign in", browser.getTitle());

            browser.findElement(By.id("token")).sendKeys(token("client"));
            browser.findElement(By.cssSelector("#signin button[type=submit]")).click();
            wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-status='complete'] .n")));

            browser.findElement(By.id("signout")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        } finally {
            browser.quit();
        }
    }

    @Test
    void theConsoleIsServedWithSecurityHeaders() {
        HttpResponse<String> page = call("GET", "console/", null, null);
        assertEquals(200, page.statusCode());
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'self'"), policy);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
    }
}
