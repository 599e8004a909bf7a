package jobdispatch.worker.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.annotation.Annotation;

import jakarta.ws.rs.ext.ParamConverter;

import org.junit.jupiter.api.Test;

class PlainStringParamsTest {

    private final PlainStringParams provider = new PlainStringParams();

    @Test
    void aStringGoesAsItIsBothWays() {
        ParamConverter<String> converter = provider.getConverter(String.class, String.class, new Annotation[0]);
        assertEquals("false", converter.toString("false"));
        assertEquals("a b/ü", converter.fromString("a b/ü"));
        assertNull(converter.toString(null));
    }

    @Test
    void everyCallGetsTheSameConverter() {
        assertSame(provider.getConverter(String.class, String.class, new Annotation[0]),
                provider.getConverter(String.class, String.class, new Annotation[0]));
    }

    @Test
    void otherTypesAreLeftToJersey() {
        assertNull(provider.getConverter(Integer.class, Integer.class, new Annotation[0]));
        assertNull(provider.getConverter(Boolean.class, Boolean.class, new Annotation[0]));
        assertNull(provider.getConverter(CharSequence.class, CharSequence.class, new Annotation[0]));
    }
}
