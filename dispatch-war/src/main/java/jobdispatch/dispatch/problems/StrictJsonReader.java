package jobdispatch.dispatch.problems;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.json.JsonException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.stream.JsonParser;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

import jobdispatch.dispatch.JsonParsing;


/**
 * Reads the API's request bodies strictly: JSON-B alone would turn {@code "type": 7} into
 * {@code "7"}, {@code "3"} into {@code 3}, and an array into its first element. The body is
 * parsed with JSON-P, each field's JSON type is checked against the Java field it binds to
 * (no unknown fields), and only then is it bound with JSON-B. JSON-B is given the tree's text:
 * Yasson's binding of a JSON-P tree ({@code YassonJsonb.fromJsonStructure}) refuses a null inside
 * an array of a {@code JsonValue} field, such as a result {@code [null]}.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
@Priority(Priorities.ENTITY_CODER - 100) // before the platform's JSON-B reader
public class StrictJsonReader implements MessageBodyReader<Object> {

    /** Bodies up to this many bytes are read whole before parsing (below twice the decoder's buffer). */
    private static final int SMALL_BODY = 4096;

    private final Jsonb jsonb = JsonbBuilder.create();

    /** Each request type's public instance fields and their declared types, looked up once per class. */
    private static final ClassValue<Map<String, Type>> FIELDS = new ClassValue<>() {
        @Override
        protected Map<String, Type> computeValue(Class<?> type) {
            Map<String, Type> fields = new HashMap<>();
            for (Field field : type.getFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    fields.put(field.getName(), field.getGenericType());
                }
            }
            return Map.copyOf(fields);
        }
    };

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
        JsonValue json;
        try (JsonParser parser = parser(body, headers)) {
            if (!parser.hasNext()) {
                throw new BadRequestException("a JSON body is required");
            }
            parser.next();
            json = parser.getValue();
            // one JSON value and nothing after it: JSON-P's reader ignores trailing text ({...}xyz)
            if (parser.hasNext()) {
                throw new BadRequestException("the body is not valid JSON: text after the JSON value");
            }
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
            return jsonb.fromJson(withoutNulls(json, type).toString(), type);
        } catch (JsonbException e) {
            // the types fit, so what is left is a value JSON-B cannot convert, such as a malformed date-time
            throw new BadRequestException("a value in the body is not valid: " + innermost(e).getMessage());
        }
    }

    /**
     * A parser of the body. Parsing a stream gives each request an 8 KiB decoding buffer (the
     * largest allocation of a small request, docs/performance.md), so a small body of known length
     * is read whole and parsed from its text. Only a body whose first two bytes can begin JSON in
     * UTF-8 is read so: one in UTF-16 or UTF-32 (a zero byte among the first two) or with a byte
     * order mark is parsed from its bytes with JSON-P's detection of the encoding, as before.
     */
    private static JsonParser parser(InputStream body, MultivaluedMap<String, String> headers) throws IOException {
        int length = contentLength(headers);
        if (length <= 0 || length > SMALL_BODY) {
            return JsonParsing.PROVIDER.createParser(body);
        }
        byte[] bytes = body.readNBytes(length);
        boolean utf8 = bytes.length > 1 && bytes[0] != 0 && bytes[1] != 0
                && (bytes[0] & 0xff) != 0xef && (bytes[0] & 0xff) != 0xfe && (bytes[0] & 0xff) != 0xff;
        return utf8
                ? JsonParsing.PROVIDER.createParser(new StringReader(new String(bytes, StandardCharsets.UTF_8)))
                : JsonParsing.PROVIDER.createParser(new ByteArrayInputStream(bytes));
    }

    private static int contentLength(MultivaluedMap<String, String> headers) {
        String length = headers.getFirst(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Integer.parseInt(length.trim());
        } catch (NumberFormatException e) {
            return -1;
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
                    && ((jakarta.json.JsonNumber) value).isIntegral()
                    // within the Java type's range: JSON-B would wrap 2^64 around to a small number
                    && ((jakarta.json.JsonNumber) value).bigIntegerValue().bitLength() < (raw == int.class || raw == Integer.class ? 32 : 64);
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
                if (items.get(i).getValueType() == JsonValue.ValueType.NULL) {
                    throw new BadRequestException(where + "[" + i + "] must be " + describe((Class<?>) element) + ", not null");
                }
                check(items.get(i), element, where + "[" + i + "]");
            }
        } else if (value.getValueType() == JsonValue.ValueType.OBJECT && raw != jakarta.json.JsonObject.class) {
            Map<String, Type> fields = FIELDS.get(raw);
            for (var member : value.asJsonObject().entrySet()) {
                Type field = fields.get(member.getKey());
                if (field == null) {
                    throw new BadRequestException((where.equals("body") ? "" : where + ": ") + "unknown field '" + member.getKey() + "'");
                }
                check(member.getValue(), field, where.equals("body") ? member.getKey() : where + "." + member.getKey());
            }
        }
    }

    /**
     * What JSON-B is given: an optional field sent as null as if absent (JSON-B cannot put null
     * into an int), and a date-time with an offset as the instant it names (JSON-B reads only Z).
     */
    private static JsonValue withoutNulls(JsonValue value, Type expected) {
        if (value.getValueType() == JsonValue.ValueType.STRING && expected == Instant.class) {
            try {
                return JsonParsing.PROVIDER.createValue(OffsetDateTime.parse(((JsonString) value).getString()).toInstant().toString());
            } catch (DateTimeParseException e) {
                return value; // JSON-B then names what is wrong with it
            }
        }
        if (value.getValueType() == JsonValue.ValueType.ARRAY && expected instanceof ParameterizedType list) {
            var items = JsonParsing.PROVIDER.createArrayBuilder();
            value.asJsonArray().forEach(item -> items.add(withoutNulls(item, list.getActualTypeArguments()[0])));
            return items.build();
        }
        if (value.getValueType() == JsonValue.ValueType.OBJECT && expected instanceof Class<?> raw && isRequestType(raw)) {
            var object = JsonParsing.PROVIDER.createObjectBuilder();
            Map<String, Type> fields = FIELDS.get(raw);
            value.asJsonObject().forEach((name, member) -> {
                if (member.getValueType() != JsonValue.ValueType.NULL) {
                    object.add(name, withoutNulls(member, fields.get(name)));
                }
            });
            return object.build();
        }
        return value;
    }

    private static Throwable innermost(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Instant.class) {
            return "a date-time string such as 2026-12-24T18:00:00Z";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number from -2147483648 to 2147483647";
        }
        if (type == Long.class || type == long.class) {
            return "a whole number from -9223372036854775808 to 9223372036854775807";
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
