package jobdispatch.dispatch;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** JSON-B as the API wants it: a field the API does not know is an error, not silently dropped. */
@Provider
public class JsonbConfigurator implements ContextResolver<Jsonb> {

    private final Jsonb jsonb = JsonbBuilder.create(new JsonbConfig()
            .setProperty("jsonb.fail-on-unknown-properties", true)); // Yasson's YassonConfig.FAIL_ON_UNKNOWN_PROPERTIES

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb;
    }
}
