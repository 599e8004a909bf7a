package jobdispatch.dispatch;

import java.util.Map;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;

import jobdispatch.dispatch.security.Roles;

@ApplicationPath("api")
@OpenAPIDefinition(
        info = @Info(title = "Job dispatch API", version = "0.1.0",
                description = "Submit jobs, follow them, and (for workers) claim them and report their outcome.",
                license = @License(name = "Apache-2.0")))
// tokens are verified by the platform's MicroProfile JWT; whether they are required is auth.enabled (AccessControl).
// With auth.enabled=false, LoginConfigSwitch takes @LoginConfig off, so that no mechanism runs on each request.
// A bean, so that Payara's MP-JWT extension finds @LoginConfig in this archive's annotated bean discovery.
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.CLIENT, Roles.ADMIN, Roles.WORKER})
public class JaxRsActivator extends Application {

    /**
     * The resources are CDI beans, so Hibernate Validator's CDI interceptor already validates
     * each call's parameters (and answers ConstraintViolationException, ConstraintViolationMapper);
     * Jersey's own validation would check every request body a second time.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.beanValidation.disable.server", true); // Jersey's ServerProperties.BV_FEATURE_DISABLE
    }
}
