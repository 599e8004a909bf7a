package jobdispatch.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.time.Duration;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import jobdispatch.testing.JsonHttp;
import jobdispatch.testing.RedisServer;
import jobdispatch.testing.TestServers;

/** Dispatch while Redis is down: a clear 503, nothing half-written, and no restart needed afterwards. */
@ExtendWith(TestServers.Start.class)
@ExtendWith(ArquillianExtension.class)
class DispatchFaultsIT {

    @Deployment(testable = false)
    static WebArchive dispatch() {
        return DispatchDeployment.war();
    }

    @ArquillianResource
    URL base;

    @Test
    void redisDownAnswers503AndRedisBackNeedsNoRestart() throws Exception {
        JsonHttp http = new JsonHttp(base.toURI());
        JsonHttp server = new JsonHttp(URI.create(base.getProtocol() + "://" + base.getAuthority() + "/"));
        JsonObject job = Json.createObjectBuilder().add("type", "echo").build();
        assertEquals(201, http.post("api/job", job).status());
        RedisServer redis = TestServers.get().redis();

        redis.stop();
        try {
            JsonHttp.Response refused = http.post("api/job", job);
            assertEquals(503, refused.status(), refused.body());
            assertEquals("application/problem+json", refused.contentType());
            assertEquals("5", refused.header("Retry-After").orElseThrow());
            JsonHttp.Response ready = server.get("health/ready");
            assertEquals(503, ready.status());
            assertEquals("DOWN", ready.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(check -> "redis".equals(check.getString("name"))).findFirst().orElseThrow().getString("status"));
        } finally {
            redis.restart();
        }

        // the same dispatch, not restarted: the pool reconnects and the scripts are loaded again
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && status != 201) {
            status = http.post("api/job", job).status();
        }
        assertEquals(201, status);
        assertEquals(200, server.get("health/ready").status());
    }
}
