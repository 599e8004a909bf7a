/** Who may call what: MicroProfile JWT authentication and the roles of the API (docs/security.md). */
package jobdispatch.dispatch.security;
