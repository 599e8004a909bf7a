package jobdispatch.worker.jobs.control;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;

/**
 * The deployment's {@link JobType} beans by type, found once when the worker starts: a job never
 * waits on a CDI lookup, and a job that arrives while the application stops (its class loader
 * closing) finds its handler as well. A handler of scope {@code @Dependent} is created once.
 */
@ApplicationScoped
public class JobHandlers {

    @Inject
    @Any
    Instance<JobHandler> handlers;

    private Map<String, JobHandler> byType;

    @PostConstruct
    void find() {
        Map<String, JobHandler> found = new TreeMap<>();
        handlers.handlesStream().forEach(handle -> handle.getBean().getQualifiers().stream()
                .filter(JobType.class::isInstance).map(JobType.class::cast).forEach(type -> {
                    if (found.putIfAbsent(type.value(), handle.get()) != null) {
                        throw new IllegalStateException("two handlers for job type '" + type.value() + "': "
                                + found.get(type.value()).getClass().getName() + " and " + handle.getBean().getBeanClass().getName());
                    }
                }));
        byType = Map.copyOf(found);
    }

    /** The job types this worker runs. */
    public Set<String> types() {
        return new TreeSet<>(byType.keySet());
    }

    public JsonValue run(JobContext job) throws Exception {
        JobHandler handler = byType.get(job.type());
        if (handler == null) {
            throw new PermanentJobFailure("no handler for job type '" + job.type() + "' in this worker");
        }
        return handler.handle(job);
    }
}
