/**
 * Redis access: the CDI-owned Jedis client, a small generic entity manager (one hash per
 * entity) and Lua scripts for the steps that must be atomic.
 */
package jobdispatch.dispatch.redis;
