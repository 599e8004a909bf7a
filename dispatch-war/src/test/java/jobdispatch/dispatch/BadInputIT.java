package jobdispatch.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URL;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jakarta.json.JsonString;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import jobdispatch.testing.JsonHttp;
import jobdispatch.testing.TestServers;

/**
 * Bad input, one parameterised test per family: each gets a 4xx problem+json that says what is
 * wrong, and leaves Redis exactly as it was (its DEBUG DIGEST is compared around every case).
 */
@ExtendWith(TestServers.Start.class)
@ExtendWith(ArquillianExtension.class)
class BadInputIT {

    static final String JSON = "application/json";
    static final String SOME_ID = "01a21e17-0000-7000-8000-000000000000";

    @Deployment(testable = false)
    static WebArchive dispatch() {
        return DispatchDeployment.war();
    }

    @ArquillianResource
    URL base;

    JsonHttp http;
    String digestBefore;

    @BeforeAll
    static void emptyStore() {
        // nothing left by other test classes, so that no retention sweep changes Redis meanwhile
        TestServers.get().redis().flush();
    }

    @BeforeEach
    void remember() throws Exception {
        http = new JsonHttp(base.toURI());
        digestBefore = TestServers.get().redis().digest();
    }

    @AfterEach
    void nothingChanged() {
        assertEquals(digestBefore, TestServers.get().redis().digest(), "a rejected request changed Redis");
    }

    static void assertProblem(int status, JsonHttp.Response answer) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.contentType(), answer.body());
        assertEquals(status, answer.json().getInt("status"));
        assertFalse(answer.json().getString("detail", "").isBlank(), answer.body());
    }

    static Stream<Arguments> invalidJobs() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"type\": "),
                Arguments.of("empty body", ""),
                // found by schemathesis (bin/fuzz): JSON-P's reader stopped at the first value
                Arguments.of("text after the JSON value", "{\"type\": \"echo\"}xyz"),
                Arguments.of("two JSON values", "{\"type\": \"echo\"} {\"type\": \"echo\"}"),
                Arguments.of("runAt and delayMs together", "{\"type\": \"echo\", \"delayMs\": 0, \"runAt\": \"2030-01-01T00:00:00Z\"}"),
                Arguments.of("not an object", "[{\"type\": \"echo\"}]"),
                Arguments.of("unknown field", "{\"type\": \"echo\", \"priority\": 1}"),
                Arguments.of("missing type", "{\"payload\": {}}"),
                Arguments.of("blank type", "{\"type\": \"\"}"),
                Arguments.of("type with a space", "{\"type\": \"has space\"}"),
                Arguments.of("type with a slash", "{\"type\": \"a/b\"}"),
                Arguments.of("type over 100 characters", "{\"type\": \"" + "x".repeat(101) + "\"}"),
                Arguments.of("type not a string", "{\"type\": 7}"),
                Arguments.of("payload a number", "{\"type\": \"echo\", \"payload\": 5}"),
                Arguments.of("payload an array", "{\"type\": \"echo\", \"payload\": [1]}"),
                Arguments.of("payload a string", "{\"type\": \"echo\", \"payload\": \"x\"}"),
                Arguments.of("maxAttempts 0", "{\"type\": \"echo\", \"maxAttempts\": 0}"),
                Arguments.of("maxAttempts negative", "{\"type\": \"echo\", \"maxAttempts\": -1}"),
                Arguments.of("maxAttempts huge", "{\"type\": \"echo\", \"maxAttempts\": 1000000}"),
                Arguments.of("maxAttempts not a number", "{\"type\": \"echo\", \"maxAttempts\": \"3\"}"),
                Arguments.of("timeoutMs too small", "{\"type\": \"echo\", \"timeoutMs\": 5}"),
                Arguments.of("timeoutMs huge", "{\"type\": \"echo\", \"timeoutMs\": 999999999999}"),
                Arguments.of("delayMs negative", "{\"type\": \"echo\", \"delayMs\": -5}"),
                Arguments.of("delayMs huge", "{\"type\": \"echo\", \"delayMs\": 99999999999999}"),
                Arguments.of("delayMs and runAt", "{\"type\": \"echo\", \"delayMs\": 5, \"runAt\": \"2030-01-01T00:00:00Z\"}"),
                Arguments.of("runAt not a time", "{\"type\": \"echo\", \"runAt\": \"tomorrow\"}"),
                Arguments.of("runAt too far", "{\"type\": \"echo\", \"runAt\": \"2999-01-01T00:00:00Z\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidJobs")
    void invalidJobIsRejected(String name, String body) {
        assertProblem(400, http.post("api/job", body, JSON));
    }

    static Stream<Arguments> invalidBatches() {
        return Stream.of(
                // found by schemathesis (bin/fuzz): a null item was a 500
                Arguments.of("a null job", "{\"jobs\": [null]}"),
                Arguments.of("no jobs field", "{}"),
                Arguments.of("empty list", "{\"jobs\": []}"),
                Arguments.of("one invalid job among valid ones", "{\"jobs\": [{\"type\": \"echo\"}, {\"type\": \"bad type\"}]}"),
                Arguments.of("over 1000 jobs", "{\"jobs\": [" + "{\"type\": \"echo\"},".repeat(1000) + "{\"type\": \"echo\"}]}"),
                Arguments.of("a plain array", "[{\"type\": \"echo\"}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBatches")
    void invalidBatchStoresNothing(String name, String body) {
        assertProblem(400, http.post("api/job/batch", body, JSON));
    }

    /** Each violation names the list it is in and its index, elements in index order (jobs[2] before jobs[10]). */
    @Test
    void violationsNameTheirListAndIndex() {
        String jobs = IntStream.range(0, 12)
                .mapToObj(i -> i == 2 || i == 10 ? "{\"type\": \"echo\", \"maxAttempts\": 0}" : "{\"type\": \"echo\"}")
                .collect(Collectors.joining(","));
        JsonHttp.Response batch = http.post("api/job/batch", "{\"jobs\": [" + jobs + "]}", JSON);
        assertProblem(400, batch);
        assertEquals(List.of("jobs[2]", "jobs[10]"), where(batch), batch.body());

        // the worker's batch callbacks name their own lists, not "jobs"
        JsonHttp.Response completions = http.post("api/job/completions",
                "{\"completions\": [{\"id\": \"a\", \"workerId\": \"w\", \"attempt\": 1},"
                        + " {\"id\": \"b\", \"workerId\": \"w\", \"attempt\": 0}]}", JSON);
        assertProblem(400, completions);
        assertEquals(List.of("completions[1]"), where(completions), completions.body());
    }

    /** What each violation of a problem names before its colon. */
    private static List<String> where(JsonHttp.Response problem) {
        return problem.json().getJsonArray("violations").getValuesAs(JsonString.class).stream()
                .map(v -> v.getString().substring(0, v.getString().indexOf(':'))).toList();
    }

    static Stream<Arguments> wrongContentTypes() {
        return Stream.of(Arguments.of("text/plain"), Arguments.of("application/xml"),
                Arguments.of("application/x-www-form-urlencoded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongContentTypes")
    void wrongContentTypeIsUnsupported(String contentType) {
        assertProblem(415, http.post("api/job", "{\"type\": \"echo\"}", contentType));
    }

    static Stream<Arguments> tooLargeBodies() {
        String big = "{\"type\": \"echo\", \"payload\": {\"x\": \"" + "a".repeat(1_000_001) + "\"}}";
        return Stream.of(Arguments.of("job", "api/job", big),
                Arguments.of("batch", "api/job/batch", "{\"jobs\": [" + big + "]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tooLargeBodies")
    void bodyOverTheLimitIsTooLarge(String name, String path, String body) {
        assertProblem(413, http.post(path, body, JSON));
    }

    static Stream<Arguments> invalidListParameters() {
        return Stream.of(Arguments.of("limit=0"), Arguments.of("limit=1001"), Arguments.of("limit=-3"),
                Arguments.of("limit=abc"), Arguments.of("cursor=zz"), Arguments.of("cursor=" + "1".repeat(36) + "x"),
                Arguments.of("status=done"), Arguments.of("type=bad%20type"), Arguments.of("type=" + "t".repeat(101)),
                // found by schemathesis (bin/fuzz): an empty value was taken as the default
                Arguments.of("limit="), Arguments.of("status="));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidListParameters")
    void invalidListParameterIsRejected(String query) {
        assertProblem(400, http.get("api/job?" + query));
    }

    static Stream<Arguments> invalidWaits() {
        return Stream.of(Arguments.of("waitMs=-1"), Arguments.of("waitMs=30001"), Arguments.of("waitMs=abc"),
                Arguments.of("waitMs=1.5"), Arguments.of("waitMs="), Arguments.of("waitMs=99999999999"));
    }

    /** A submit with a bad wait stores nothing (the digest), and a GET with one is refused before the id is looked up. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidWaits")
    void invalidWaitIsRejected(String query) {
        assertProblem(400, http.post("api/job?" + query, "{\"type\": \"echo\"}", JSON));
        assertProblem(400, http.get("api/job/" + SOME_ID + "?" + query));
    }

    static Stream<Arguments> unknownIds() {
        String claim = "{\"workerId\": \"w\"}";
        String report = "{\"workerId\": \"w\", \"attempt\": 1}";
        return Stream.of(Arguments.of("GET", "", null), Arguments.of("DELETE", "", null),
                Arguments.of("POST", "/cancel", ""), Arguments.of("POST", "/retry", ""),
                Arguments.of("POST", "/claim", claim), Arguments.of("POST", "/progress", "{\"workerId\": \"w\", \"attempt\": 1, \"progress\": 5}"),
                Arguments.of("POST", "/complete", report), Arguments.of("POST", "/fail", "{\"workerId\": \"w\", \"attempt\": 1, \"error\": \"x\"}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownIds")
    void unknownIdIsNotFound(String method, String action, String body) {
        String path = "api/job/" + SOME_ID + action;
        JsonHttp.Response answer = switch (method) {
            case "GET" -> http.get(path);
            case "DELETE" -> http.delete(path);
            default -> http.post(path, body, JSON);
        };
        assertProblem(404, answer);
    }

    static Stream<Arguments> invalidWorkerReports() {
        return Stream.of(
                // found by schemathesis (bin/fuzz): JSON-B wrapped a number beyond int's range around
                Arguments.of("attempt beyond int", "/complete", "{\"workerId\": \"w\", \"attempt\": 333603192804886446080}"),
                Arguments.of("error of control characters only", "/fail", "{\"workerId\": \"w\", \"attempt\": 1, \"error\": \"\\u0018\"}"),
                Arguments.of("claim without workerId", "/claim", "{}"),
                Arguments.of("claim with blank workerId", "/claim", "{\"workerId\": \" \"}"),
                Arguments.of("complete with attempt 0", "/complete", "{\"workerId\": \"w\", \"attempt\": 0}"),
                Arguments.of("fail without error", "/fail", "{\"workerId\": \"w\", \"attempt\": 1}"),
                Arguments.of("progress over 100", "/progress", "{\"workerId\": \"w\", \"attempt\": 1, \"progress\": 101}"),
                Arguments.of("progress negative", "/progress", "{\"workerId\": \"w\", \"attempt\": 1, \"progress\": -1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidWorkerReports")
    void invalidWorkerReportIsRejected(String name, String action, String body) {
        assertProblem(400, http.post("api/job/" + SOME_ID + action, body, JSON));
    }

    @org.junit.jupiter.api.Test
    void heartbeatWithTextAfterTheJsonIsRejected() {
        assertProblem(400, http.send("PUT", "api/workers/w1", "{\"host\": \"h\", \"inFlight\": 0, \"concurrency\": 1}xyz"));
    }

    @org.junit.jupiter.api.Test
    void emptyMinutesIsRejectedNotTakenAsTheDefault() {
        assertProblem(400, http.get("api/job/throughput?minutes="));
    }

    @org.junit.jupiter.api.Test
    void aMethodTheResourceLacksIsAnswered405WithAllow() {
        JsonHttp.Response answer = http.send("PUT", "api/job/stats", "{}");
        assertProblem(405, answer);
        assertEquals("GET, OPTIONS", answer.header("Allow").orElse(""));
    }

    static Stream<Arguments> invalidIdempotencyKeys() {
        return Stream.of(Arguments.of("k".repeat(201)), Arguments.of("with space"), Arguments.of("tab\tinside"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidIdempotencyKeys")
    void invalidIdempotencyKeyIsRejected(String key) {
        assertProblem(400, http.post("api/job", "{\"type\": \"echo\"}", JSON, "Idempotency-Key", key));
    }
}
