package jobdispatch.dispatch.security;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;

import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.config.ConfigProvider;

import jobdispatch.dispatch.JaxRsActivator;

/**
 * Leaves the MP-JWT mechanism out of the application while authentication is off
 * ({@code auth.enabled=false}). Payara installs it when a bean carries {@code @LoginConfig},
 * and an installed mechanism runs on every request, token or not: a profile put it at a fifth
 * of a small request's CPU, paired runs at about a third (docs/performance.md, 19). With no
 * issuer configured it also answered any bearer token with an empty 500. With the annotation
 * taken off {@link JaxRsActivator} before Payara's extension looks for it, no mechanism is
 * installed and {@link AccessControl} lets every call through, as it does with authentication off.
 */
public class LoginConfigSwitch implements Extension {

    void withoutLoginWhenAuthIsOff(@Observes ProcessAnnotatedType<JaxRsActivator> activator) {
        boolean enabled = ConfigProvider.getConfig().getOptionalValue(AuthSettings.ENABLED, Boolean.class).orElse(false);
        if (!enabled) {
            activator.configureAnnotatedType().remove(annotation -> annotation.annotationType() == LoginConfig.class);
        }
    }
}
