/** The handlers every worker has: {@code echo}, {@code sleep} and {@code fail}, for tests and demos. */
package jobdispatch.worker.handlers;
