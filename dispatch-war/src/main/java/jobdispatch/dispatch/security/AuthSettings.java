package jobdispatch.dispatch.security;

import java.util.Optional;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Whether callers must authenticate (docs/security.md): off in the local default, on in the production profile. */
@ApplicationScoped
public class AuthSettings {

    /** The key, read here and, before any bean exists, by {@link LoginConfigSwitch}; off unless set. */
    static final String ENABLED = "auth.enabled";

    private static final Logger LOG = Logger.getLogger(AuthSettings.class.getName());

    @Inject
    @ConfigProperty(name = ENABLED, defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> publicKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> publicKey;

    @PostConstruct
    void describe() {
        if (!enabled) {
            LOG.warning("authentication is off (auth.enabled=false): anyone who reaches this API may use all of it");
        } else if (publicKeyLocation.isEmpty() && publicKey.isEmpty()) {
            LOG.severe("auth.enabled=true but no mp.jwt.verify.publickey(.location) is set: every call will be refused");
        } else {
            LOG.info("authentication is on: MP-JWT bearer tokens, roles from their groups claim");
        }
    }

    public boolean enabled() {
        return enabled;
    }
}
