package jobdispatch.dispatch;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.tags.Tag;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Payara's scanner writes the defaults of every {@code @Schema} attribute into the document
 * ({@code maxProperties: 0} would even forbid any property); this filter drops those values so
 * the document says only what the annotations say. It also gives every operation the two
 * answers any of them can give: 503 while Redis is down, and 500. Registered by
 * {@code mp.openapi.filter}.
 */
public class OpenApiCleanup implements OASFilter {

    /** Payara lists a tag once per class that declares it; the document keeps one, with its description. */
    /** The request bodies StrictJsonReader reads: no property beyond those declared (schemathesis found the gap). */
    static final List<String> STRICT_BODIES = List.of("Claim", "Completion", "Failure", "Progress", "NewJob", "NewJobs", "Heartbeat",
            "ClaimBatch", "CompletionBatch", "JobCompletion");
    /** Lists that are required in their bodies (Payara's scanner drops @NotNull on a list). */
    static final Map<String, List<String>> REQUIRED_LISTS = Map.of("NewJobs", List.of("jobs"),
            "ClaimBatch", List.of("workerId", "ids"), "CompletionBatch", List.of("completions"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().forEach((name, schema) -> {
                if (STRICT_BODIES.contains(name)) {
                    schema.setAdditionalPropertiesBoolean(Boolean.FALSE);
                }
                if (REQUIRED_LISTS.containsKey(name)) {
                    schema.setRequired(REQUIRED_LISTS.get(name));
                }
                if (STRICT_BODIES.contains(name) && schema.getProperties() != null) {
                    // an optional field sent as null counts as absent
                    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
                    schema.getProperties().forEach((property, value) -> {
                        if (!required.contains(property) && value.getRef() == null) {
                            value.setNullable(Boolean.TRUE);
                        }
                    });
                }
                if ((name.equals("Job") || name.equals("Completion") || name.equals("JobCompletion")) && schema.getProperties() != null
                        && schema.getProperties().get("result") != null) {
                    // any JSON value, null included: no type
                    schema.getProperties().get("result").setType(null);
                }
                if (name.equals("NewJob")) {
                    // runAt and delayMs say the same thing two ways: one or the other
                    schema.setNot(OASFactory.createSchema().required(List.of("runAt", "delayMs")));
                }
            });
        }
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            // the scanner takes a method's @Suspended AsyncResponse for its body; a GET has none
            openAPI.getPaths().getPathItems().values().stream().filter(item -> item.getGET() != null)
                    .forEach(item -> item.getGET().setRequestBody(null));
        }
        if (openAPI.getTags() == null) {
            return;
        }
        Map<String, Tag> unique = new LinkedHashMap<>();
        for (Tag tag : openAPI.getTags()) {
            Tag seen = unique.get(tag.getName());
            if (seen == null || (seen.getDescription() == null && tag.getDescription() != null)) {
                unique.put(tag.getName(), tag);
            }
        }
        openAPI.setTags(new ArrayList<>(unique.values()));
    }

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getRequestBody() != null) {
            // every body of this API is required (a missing one is a 400)
            operation.getRequestBody().setRequired(Boolean.TRUE);
        }
        if (operation.getResponses() != null) {
            if (!operation.getResponses().hasAPIResponse("503")) {
                operation.getResponses().addAPIResponse("503", problem("Redis is unavailable; nothing was changed (see Retry-After)"));
            }
            if (!operation.getResponses().hasAPIResponse("500")) {
                operation.getResponses().addAPIResponse("500", problem("An unexpected error; the detail names an incident id in the log"));
            }
        }
        return operation;
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType("application/problem+json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
    }

    static final String DATE_TIME = "^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-](0\\d|1[0-7]):[0-5]\\d|[+-]18:00)$";

    @Override
    public Schema filterSchema(Schema schema) {
        // Payara keeps its own type for java.time and long fields even where @Schema says otherwise
        if ("date-time".equals(schema.getFormat())) {
            schema.setType(Schema.SchemaType.STRING);
            // RFC 3339, with the offsets Java can hold (at most 18 hours)
            schema.setPattern(DATE_TIME);
        }
        if ("int64".equals(schema.getFormat()) || "int32".equals(schema.getFormat())) {
            schema.setType(Schema.SchemaType.INTEGER);
        }
        // the range of the Java type, which the API enforces (StrictJsonReader): format alone does not say it to tools
        if ("int32".equals(schema.getFormat())) {
            if (schema.getMaximum() == null) {
                schema.setMaximum(BigDecimal.valueOf(Integer.MAX_VALUE));
            }
            if (schema.getMinimum() == null) {
                schema.setMinimum(BigDecimal.valueOf(Integer.MIN_VALUE));
            }
        }
        if ("int64".equals(schema.getFormat())) {
            if (schema.getMaximum() == null) {
                schema.setMaximum(BigDecimal.valueOf(Long.MAX_VALUE));
            }
            if (schema.getMinimum() == null) {
                schema.setMinimum(BigDecimal.valueOf(Long.MIN_VALUE));
            }
        }
        // @NotBlank becomes \\S, but Bean Validation trims every character up to U+0020 (String.trim)
        if ("\\S".equals(schema.getPattern())) {
            schema.setPattern("[^\\u0000-\\u0020]");
        }
        if (Integer.valueOf(0).equals(schema.getMaxProperties())) {
            schema.setMaxProperties(null);
        }
        if (Integer.valueOf(0).equals(schema.getMinProperties())) {
            schema.setMinProperties(null);
        }
        if (Integer.valueOf(0).equals(schema.getMinLength())) {
            schema.setMinLength(null);
        }
        if (Boolean.FALSE.equals(schema.getExclusiveMaximum())) {
            schema.setExclusiveMaximum(null);
        }
        if (Boolean.FALSE.equals(schema.getExclusiveMinimum())) {
            schema.setExclusiveMinimum(null);
        }
        if (Boolean.FALSE.equals(schema.getUniqueItems())) {
            schema.setUniqueItems(null);
        }
        if (Boolean.FALSE.equals(schema.getNullable())) {
            schema.setNullable(null);
        }
        if (Boolean.FALSE.equals(schema.getReadOnly())) {
            schema.setReadOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getWriteOnly())) {
            schema.setWriteOnly(null);
        }
        if (Boolean.FALSE.equals(schema.getDeprecated())) {
            schema.setDeprecated(null);
        }
        return schema;
    }
}
