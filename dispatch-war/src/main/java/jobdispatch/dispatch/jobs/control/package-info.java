/**
 * What dispatch does with jobs: store them in Redis, move them through the state machine
 * atomically, and publish them on NSQ's {@code job_run} through an outbox that loses none.
 */
package jobdispatch.dispatch.jobs.control;
