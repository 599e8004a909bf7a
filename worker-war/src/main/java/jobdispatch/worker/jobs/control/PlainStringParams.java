package jobdispatch.worker.jobs.control;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;

/**
 * Sends a {@code String} query or path parameter as it is. Jersey's REST client looks for a
 * parameter's converter on every call, and for a {@code String} its own providers try
 * reflection first ({@code String.valueOf(String)} and {@code fromString}), which throws and
 * catches a {@code NoSuchMethodException} each time: 14 % of the claims sender's CPU in a profile
 * of e2e (the batch claim's {@code withJob}). A provider registered on the client is asked
 * before Jersey's own (docs/performance.md, item 50).
 */
public final class PlainStringParams implements ParamConverterProvider {

    private static final ParamConverter<String> AS_IS = new ParamConverter<>() {
        @Override
        public String fromString(String value) {
            return value;
        }

        @Override
        public String toString(String value) {
            return value;
        }
    };

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return rawType == String.class ? (ParamConverter<T>) AS_IS : null;
    }
}
