package jobdispatch.dispatch.security;

/** The roles of the API: the {@code groups} claim of a caller's token names them (docs/security.md). */
public final class Roles {

    /** Submits jobs and reads them, their events and the monitoring figures. */
    public static final String CLIENT = "client";
    /** Everything a client may, and cancels, retries and deletes jobs. */
    public static final String ADMIN = "admin";
    /** A worker: claims jobs and reports their progress and outcome; nothing else. */
    public static final String WORKER = "worker";

    private Roles() {
    }
}
