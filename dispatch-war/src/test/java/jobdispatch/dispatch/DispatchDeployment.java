package jobdispatch.dispatch;

import java.io.File;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The real dispatch WAR that the build made, as the Arquillian tests deploy it. */
final class DispatchDeployment {

    private DispatchDeployment() {
    }

    static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("jobs.war")));
    }
}
