package jobdispatch.dispatch.jobs.entity;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Several successful attempts reported at once, each recorded on its own. */
@Schema(name = "CompletionBatch", description = "Up to 100 successful attempts; each is recorded on its own")
public class CompletionBatch {

    public static final int MAX = 100;

    @NotNull(message = "completions is required")
    @Size(min = 1, max = MAX, message = "completions must hold 1 to 100 reports")
    @Valid
    public List<JobCompletion> completions;
}
