package jobdispatch.dispatch;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;

@ApplicationPath("api")
@OpenAPIDefinition(
        info = @Info(title = "Job dispatch API", version = "0.1.0",
                description = "Submit jobs, follow them, and (for workers) claim them and report their outcome.",
                license = @License(name = "Apache-2.0")))
public class JaxRsActivator extends Application {
}
