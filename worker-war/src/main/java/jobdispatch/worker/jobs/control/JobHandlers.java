package jobdispatch.worker.jobs.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;

/** Finds the handler of a job's type among the deployment's {@link JobType} beans and runs it. */
@ApplicationScoped
public class JobHandlers {

    @Inject
    @Any
    Instance<JobHandler> handlers;

    public JsonValue run(JobContext job) throws Exception {
        Instance<JobHandler> handler = handlers.select(new JobType.Literal(job.type()));
        if (!handler.isResolvable()) {
            throw new PermanentJobFailure("no handler for job type '" + job.type() + "' in this worker");
        }
        return handler.get().handle(job);
    }
}
