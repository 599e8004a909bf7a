package jobdispatch.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
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

    @Override
    public Schema filterSchema(Schema schema) {
        // Payara keeps its own type for java.time and long fields even where @Schema says otherwise
        if ("date-time".equals(schema.getFormat())) {
            schema.setType(Schema.SchemaType.STRING);
        }
        if ("int64".equals(schema.getFormat()) || "int32".equals(schema.getFormat())) {
            schema.setType(Schema.SchemaType.INTEGER);
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
