package jobdispatch.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import jobdispatch.testing.Nsqd;
import jobdispatch.testing.TestServers;

/** Jobs accepted while nsqd is down are published from the outbox once it is back, with no client retry. */
@ExtendWith(TestServers.Start.class)
class NoJobLostIT {

    static SystemUnderTest system;

    @BeforeAll
    static void startSystem() {
        system = SystemUnderTest.start("outbox", Map.of("outbox.interval.ms", "500", "outbox.grace.ms", "1000"));
    }

    @AfterAll
    static void stopSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void jobsAcceptedWhileNsqdIsDownCompleteOnceItIsBack() {
        Nsqd nsqd = TestServers.get().nsqd();
        List<String> ids = new ArrayList<>();
        nsqd.stop();
        try {
            for (int i = 0; i < 10; i++) {
                ids.add(system.submit("echo", Json.createObjectBuilder().add("n", i).build(), 3));
            }
            JsonObject job = system.http.get("api/job/" + ids.get(0)).json();
            assertEquals("queued", job.getString("status"));
        } finally {
            nsqd.restart();
        }
        for (int i = 0; i < ids.size(); i++) {
            JsonObject done = system.awaitStatus(ids.get(i), "complete", Duration.ofSeconds(60));
            assertEquals(i, done.getJsonObject("result").getInt("n"));
            assertEquals(1, done.getInt("attempts"), "run once");
        }
    }
}
