/** The monitoring views: minutes of throughput, NSQ topic and channel counters, worker status. */
package jobdispatch.dispatch.monitoring.entity;
