/**
 * The worker service: consumes {@code job_run} on channel {@code worker}, claims each job
 * from dispatch, runs its handler and reports the outcome.
 */
package jobdispatch.worker;
