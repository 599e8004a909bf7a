/**
 * Test infrastructure: real redis-server, nsqd and Payara Micro processes on free ports,
 * an NSQ tail for asserting on published messages, and a small JSON-over-HTTP client.
 */
package jobdispatch.testing;
