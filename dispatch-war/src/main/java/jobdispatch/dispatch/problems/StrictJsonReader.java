package jobdispatch.dispatch.problems;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

import jobdispatch.dispatch.JsonParsing;


/**
 * Reads the API's request bodies strictly: JSON-B alone would turn {@code "type": 7} into
 * {@code "7"}, {@code "3"} into {@code 3}, and an array into its first element. The body is
 * parsed with JSON-P, each field's JSON type is checked against the Java field it binds to
 * (no unknown fields), and only then is it bound with JSON-B.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
@Priority(Priorities.ENTITY_CODER - 100) // before the platform's JSON-B reader
public class StrictJsonReader implements MessageBodyReader<Object> {

    private final Jsonb jsonb = JsonbBuilder.create();

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isRequestType(type);
    }

    /** The API's own request bodies: the classes of the entity packages. */
    private static boolean isRequestType(Class<?> type) {
        return type.getPackageName().startsWith("jobdispatch.dispatch.") && type.getPackageName().endsWith(".entity");
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        JsonStructure json;
        try (JsonReader reader = JsonParsing.reader(body)) {
            json = reader.read();
        } catch (JsonException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BodyTooLargeException tooLarge) {
                    throw tooLarge;
                }
            }
            throw new BadRequestException("the body is not valid JSON: " + e.getMessage());
        }
        check(json, type, "body");
        try {
            return jsonb.fromJson(json.toString(), type);
        } catch (JsonbException e) {
            // the types fit, so what is left is a value JSON-B cannot convert, such as a malformed date-time
            throw new BadRequestException("a value in the body is not valid: " + innermost(e).getMessage());
        }
    }

    private static void check(JsonValue value, Type expected, String where) {
        if (value.getValueType() == JsonValue.ValueType.NULL || expected == JsonValue.class) {
            return;
        }
        Class<?> raw = expected instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) expected;
        boolean fits = switch (value.getValueType()) {
            case STRING -> raw == String.class || raw == Instant.class;
            case NUMBER -> (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class)
                    && ((jakarta.json.JsonNumber) value).isIntegral();
            case TRUE, FALSE -> raw == Boolean.class || raw == boolean.class;
            case ARRAY -> List.class.isAssignableFrom(raw);
            case OBJECT -> raw == jakarta.json.JsonObject.class || isRequestType(raw);
            case NULL -> true;
        };
        if (!fits) {
            throw new BadRequestException(where + " must be " + describe(raw));
        }
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            Type element = ((ParameterizedType) expected).getActualTypeArguments()[0];
            List<JsonValue> items = value.asJsonArray();
            for (int i = 0; i < items.size(); i++) {
                check(items.get(i), element, where + "[" + i + "]");
            }
        } else if (value.getValueType() == JsonValue.ValueType.OBJECT && raw != jakarta.json.JsonObject.class) {
            for (var member : value.asJsonObject().entrySet()) {
                Field field = field(raw, member.getKey());
                if (field == null) {
                    throw new BadRequestException((where.equals("body") ? "" : where + ": ") + "unknown field '" + member.getKey() + "'");
                }
                check(member.getValue(), field.getGenericType(), where.equals("body") ? member.getKey() : where + "." + member.getKey());
            }
        }
    }

    private static Throwable innermost(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field field = type.getField(name);
            return Modifier.isStatic(field.getModifiers()) ? null : field;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Instant.class) {
            return "a date-time string such as 2026-12-24T18:00:00Z";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
