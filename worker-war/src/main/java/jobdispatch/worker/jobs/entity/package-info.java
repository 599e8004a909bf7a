/** The messages the worker reads from and writes to NSQ. */
package jobdispatch.worker.jobs.entity;
