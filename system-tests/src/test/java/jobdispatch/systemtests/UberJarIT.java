package jobdispatch.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import jobdispatch.testing.JsonHttp;
import jobdispatch.testing.PayaraMicro;
import jobdispatch.testing.ServerProcess;
import jobdispatch.testing.TestServers;

/** The uber-jars that dist/ builds: jobs.jar alone, and dispatch.jar with two worker.jar processes. */
@ExtendWith(TestServers.Start.class)
class UberJarIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    static Path jar(String name) {
        return Paths.get(System.getProperty("jobs.dist"), name);
    }

    static void completesAnEchoJob(JsonHttp http) {
        JsonObject payload = Json.createObjectBuilder().add("from", "uber-jar").build();
        JsonHttp.Response created = http.post("api/job", Json.createObjectBuilder().add("type", "echo").add("payload", payload).build());
        assertEquals(201, created.status(), created.body());
        String id = created.json().getString("id");
        JsonObject job = http.awaitGet("api/job/" + id,
                response -> "complete".equals(response.json().getString("status")), WAIT).json();
        assertEquals(payload, job.getJsonObject("result"));
    }

    @Test
    void jobsJarRunsTheWholeSystem() {
        int port = ServerProcess.freePort();
        PayaraMicro jobs = PayaraMicro.startUberJar("jobs-jar", jar("jobs.jar"), port, TestServers.get().systemProperties(),
                Map.of("dispatch.url", "http://127.0.0.1:" + port), "health/ready");
        try {
            completesAnEchoJob(new JsonHttp(jobs.baseUri()));
        } finally {
            jobs.stop();
        }
    }

    @Test
    void dispatchJarAndTwoWorkerJarsRunSeparately() {
        TestServers servers = TestServers.get();
        servers.nsqd().createChannel("job_run", "worker");
        int port = ServerProcess.freePort();
        PayaraMicro dispatch = PayaraMicro.startUberJar("dispatch-jar", jar("dispatch.jar"), port, servers.systemProperties(),
                Map.of(), "health/ready");
        PayaraMicro workerA = null;
        PayaraMicro workerB = null;
        try {
            for (String id : new String[] {"jar-worker-a", "jar-worker-b"}) {
                PayaraMicro worker = PayaraMicro.startUberJar(id, jar("worker.jar"), ServerProcess.freePort(),
                        servers.systemProperties(), Map.of("dispatch.url", "http://127.0.0.1:" + port, "worker.id", id,
                                "nsqlookupd.http.addresses", servers.nsqlookupd().httpAddress()), "health/ready");
                if (workerA == null) {
                    workerA = worker;
                } else {
                    workerB = worker;
                }
            }
            JsonHttp http = new JsonHttp(dispatch.baseUri());
            for (int i = 0; i < 4; i++) {
                completesAnEchoJob(http);
            }
        } finally {
            if (workerA != null) {
                workerA.stop();
            }
            if (workerB != null) {
                workerB.stop();
            }
            dispatch.stop();
        }
    }
}
