package jobdispatch.dispatch;

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
// A bean, so that Payara's MP-JWT extension finds @LoginConfig in this archive's annotated bean discovery.
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.CLIENT, Roles.ADMIN, Roles.WORKER})
public class JaxRsActivator extends Application {
}
