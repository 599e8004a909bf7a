package jobdispatch.dispatch;

import java.io.StringReader;

import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * JSON-P through one provider looked up once: {@code Json.createReader} looks the provider up
 * through the service loader on every call, which cost a fifth of dispatch's CPU under load
 * (docs/performance.md).
 */
public final class JsonParsing {

    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonParsing() {
    }

    public static JsonValue parse(String json) {
        try (JsonReader reader = PROVIDER.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
