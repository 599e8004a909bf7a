package jobdispatch.dispatch.jobs.entity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How many jobs are in each state. */
@Schema(name = "StatusCounts", description = "How many jobs are in each state")
public record StatusCounts(long scheduled, long queued, long processing, long complete, long failed, long cancelled) {

    public static StatusCounts of(long[] byStatusOrdinal) {
        return new StatusCounts(byStatusOrdinal[0], byStatusOrdinal[1], byStatusOrdinal[2], byStatusOrdinal[3],
                byStatusOrdinal[4], byStatusOrdinal[5]);
    }

    public long total() {
        return scheduled + queued + processing + complete + failed + cancelled;
    }
}
