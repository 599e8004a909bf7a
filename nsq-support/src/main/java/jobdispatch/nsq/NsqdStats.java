package jobdispatch.nsq;

import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Reads nsqd's {@code /stats?format=json} (JSON-P), which both WARs ask: dispatch for the console's
 * {@code job_run} figures, the worker for which event topics have a channel. nsqd answers
 * {@code "topics": null} rather than an empty list when it has no topic, or none that matches
 * {@code ?topic=}, and may leave a list out the same way.
 */
public final class NsqdStats {

    private NsqdStats() {
    }

    /** The topics the stats list; none when nsqd answered null for them. */
    public static List<JsonObject> topics(JsonObject stats) {
        return list(stats, "topics");
    }

    /** The channels a topic of the stats lists; none when nsqd answered null for them. */
    public static List<JsonObject> channels(JsonObject topic) {
        return list(topic, "channels");
    }

    private static List<JsonObject> list(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? List.of()
                : value.asJsonArray().getValuesAs(JsonObject.class);
    }
}
