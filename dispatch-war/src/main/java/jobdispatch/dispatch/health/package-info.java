/** Readiness: one MicroProfile Health check per dependency. */
package jobdispatch.dispatch.health;
