/** Readiness of the worker: its NSQ subscription is connected. */
package jobdispatch.worker.health;
