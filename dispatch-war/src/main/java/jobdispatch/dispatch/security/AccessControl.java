package jobdispatch.dispatch.security;

import java.io.IOException;
import java.lang.reflect.Method;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Enforces {@link Allowed} when authentication is on: the caller is authenticated by the
 * platform's MicroProfile JWT mechanism (Payara verifies the token's signature, issuer and
 * expiry), then must hold one of the operation's roles. 401 without a valid token, 403 with
 * one that lacks the role; both as problem+json.
 */
@Provider
public class AccessControl implements DynamicFeature {

    @Context
    HttpServletRequest request;

    @Context
    HttpServletResponse response;

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        Allowed allowed = method.getAnnotation(Allowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(Allowed.class);
        }
        if (allowed != null) {
            context.register(new RoleCheck(allowed.value()), Priorities.AUTHORIZATION);
        }
    }

    private final class RoleCheck implements ContainerRequestFilter {

        private final String[] roles;
        private volatile AuthSettings settings;

        RoleCheck(String[] roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext requestContext) throws IOException {
            if (settings == null) {
                settings = CDI.current().select(AuthSettings.class).get();
            }
            if (!settings.enabled()) {
                return;
            }
            SecurityContext security = CDI.current().select(SecurityContext.class).get();
            // the mechanism answers a bad token itself (an error page); the problem below answers it instead
            security.authenticate(request, new Silent(response), AuthenticationParameters.withParams());
            if (security.getCallerPrincipal() == null) {
                throw new NotAuthorizedException("a valid bearer token is needed (Authorization: Bearer <JWT>)", "Bearer");
            }
            for (String role : roles) {
                if (security.isCallerInRole(role)) {
                    return;
                }
            }
            throw new ForbiddenException("this operation needs the role " + String.join(" or ", roles));
        }
    }

    /** Keeps the authentication mechanism from committing the response with its own error. */
    private static final class Silent extends HttpServletResponseWrapper {

        Silent(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) {
        }

        @Override
        public void sendError(int status, String message) {
        }

        @Override
        public void setStatus(int status) {
        }

        @Override
        public void setHeader(String name, String value) {
        }

        @Override
        public void addHeader(String name, String value) {
        }
    }
}
