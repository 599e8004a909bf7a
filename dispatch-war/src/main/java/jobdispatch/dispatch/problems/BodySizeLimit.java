package jobdispatch.dispatch.problems;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses bodies over {@code api.max.body.bytes} (default 1,000,000: a job must fit in one NSQ
 * message, and nsqd takes at most 1 MiB), by Content-Length, or while reading a body sent
 * without one.
 */
@Provider
@PreMatching
public class BodySizeLimit implements ContainerRequestFilter {

    private final long limit = ConfigProvider.getConfig().getOptionalValue("api.max.body.bytes", Long.class).orElse(1_000_000L);

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > limit) {
            throw new BodyTooLargeException(limit);
        }
        request.setEntityStream(new Limited(request.getEntityStream(), limit));
    }

    private static final class Limited extends FilterInputStream {

        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }
    }
}
