/** System tests: the real WARs on Payara Micro with real redis-server and nsqd, driven only through HTTP and NSQ. */
package jobdispatch.systemtests;
