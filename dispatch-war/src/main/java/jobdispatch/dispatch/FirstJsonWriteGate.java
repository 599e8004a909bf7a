package jobdispatch.dispatch;

import java.io.IOException;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;

/**
 * Works around a race in Payara 6: its JSON-B context resolver
 * (org.glassfish.weld.JaxRSJsonContextResolver) initialises itself on first use without a lock,
 * so JSON responses written concurrently before any has completed can fail with a
 * ConcurrentModificationException (500). JSON writes wait for each other only until the first
 * one has completed; after that this interceptor costs one volatile read.
 */
@Provider
public class FirstJsonWriteGate implements WriterInterceptor {

    private final Object gate = new Object();
    private volatile boolean opened;

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        if (opened || context.getMediaType() == null || !context.getMediaType().getSubtype().endsWith("json")) {
            context.proceed();
            return;
        }
        synchronized (gate) {
            context.proceed();
            opened = true;
        }
    }
}
