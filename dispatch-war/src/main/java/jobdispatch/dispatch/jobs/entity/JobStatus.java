package jobdispatch.dispatch.jobs.entity;

import java.util.Locale;

/** The states of DESIGN.md; the transitions between them are enforced in Redis by the Lua scripts. */
public enum JobStatus {
    SCHEDULED, QUEUED, PROCESSING, COMPLETE, FAILED, CANCELLED;

    /** The lower-case name used in Redis, JSON and NSQ messages. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean isFinal() {
        return switch (this) {
            case COMPLETE, FAILED, CANCELLED -> true;
            case SCHEDULED, QUEUED, PROCESSING -> false;
        };
    }
}
