package jobdispatch.dispatch.jobs.entity;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The outcome of each item of a batched worker callback, in the order sent. */
@Schema(name = "CallbackResults", description = "One result per job, in the order sent")
public record CallbackResults(
        // no @Schema: with one, Payara describes the list as an array with properties
        List<CallbackResult> results) {
}
