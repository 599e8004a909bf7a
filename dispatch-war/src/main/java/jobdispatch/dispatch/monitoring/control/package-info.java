/** Reading throughput counters and nsqd's /stats, and keeping the workers' heartbeats in Redis. */
package jobdispatch.dispatch.monitoring.control;
