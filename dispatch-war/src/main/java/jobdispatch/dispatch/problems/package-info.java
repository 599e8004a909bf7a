/** Errors as RFC 9457 problem details ({@code application/problem+json}): one exception mapper per kind. */
package jobdispatch.dispatch.problems;
