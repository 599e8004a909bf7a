package jobdispatch.dispatch.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that may call an operation when authentication is on ({@code auth.enabled}); a
 * method's annotation replaces its class's. Checked by {@link AccessControl}. Not
 * {@code @RolesAllowed}: that is enforced whatever the configuration, and the local default of
 * bin/run stays open (docs/security.md).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Allowed {

    String[] value();
}
