/** What the console shows beside the jobs: throughput, nsqd's view of the queue, and the workers. */
package jobdispatch.dispatch.monitoring.boundary;
