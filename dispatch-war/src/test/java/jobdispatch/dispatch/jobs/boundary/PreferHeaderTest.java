package jobdispatch.dispatch.jobs.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How a batch submit reads RFC 7240's Prefer header (DispatchApiIT checks the answers themselves). */
class PreferHeaderTest {

    @Test
    void returnMinimalIsFoundAmongOtherPreferencesAndHeaders() {
        assertTrue(JobsResource.prefersMinimal(List.of("return=minimal")));
        assertTrue(JobsResource.prefersMinimal(List.of("Return = \"Minimal\"")));
        assertTrue(JobsResource.prefersMinimal(List.of("respond-async, return=minimal; foo=bar")));
        assertTrue(JobsResource.prefersMinimal(List.of("wait=10", "handling=lenient,return=minimal")));
    }

    @Test
    void anythingElseIsIgnored() {
        assertFalse(JobsResource.prefersMinimal(List.of()));
        assertFalse(JobsResource.prefersMinimal(List.of("")));
        assertFalse(JobsResource.prefersMinimal(List.of("return=representation")));
        assertFalse(JobsResource.prefersMinimal(List.of("return")));
        assertFalse(JobsResource.prefersMinimal(List.of("minimal")));
        assertFalse(JobsResource.prefersMinimal(List.of("respond-async; return=minimal")));  // a parameter, not the preference
        assertFalse(JobsResource.prefersMinimal(List.of("return=\"")));
    }
}
