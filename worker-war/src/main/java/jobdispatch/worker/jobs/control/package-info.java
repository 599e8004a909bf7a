/**
 * What the worker does with a job: claim it from dispatch, run the handler for its type on
 * the managed executor, report the outcome and publish the status events.
 */
package jobdispatch.worker.jobs.control;
