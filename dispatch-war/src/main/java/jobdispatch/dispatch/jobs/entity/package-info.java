/** The job and the messages about it: what is stored, what the API and NSQ carry. */
package jobdispatch.dispatch.jobs.entity;
