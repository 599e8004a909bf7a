package jobdispatch.dispatch.jobs.entity;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Several jobs submitted in one request. */
@Schema(name = "NewJobs", description = "Up to 1000 jobs to submit at once; all are accepted or none")
public class NewJobs {

    public static final int MAX = 1000;

    @NotNull(message = "jobs is required")
    @Size(min = 1, max = MAX, message = "jobs must hold 1 to 1000 jobs")
    @Valid
    public List<NewJob> jobs;
}
