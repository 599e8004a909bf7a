/** The worker's NSQ face: the subscriber that hands each job_run message to the runner. */
package jobdispatch.worker.jobs.boundary;
