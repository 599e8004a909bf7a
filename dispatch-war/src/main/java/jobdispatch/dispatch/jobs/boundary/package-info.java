/** The HTTP face of jobs: thin JAX-RS resources that validate, delegate and map to responses. */
package jobdispatch.dispatch.jobs.boundary;
