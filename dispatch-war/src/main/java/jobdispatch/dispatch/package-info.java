/**
 * The dispatch service: the only writer of job data. Records jobs in Redis, publishes them on
 * NSQ's {@code job_run}, and takes the workers' claims and reports.
 */
package jobdispatch.dispatch;
