package jobdispatch.dispatch.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Cross-origin calls to the API: off unless {@code cors.allowed.origins} lists the origins (exact
 * matches, comma-separated) that browsers may call it from. A preflight from such an origin is
 * answered here; from any other origin no CORS header is ever sent, so browsers refuse it.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true) // the event stream is asynchronous
public class Cors extends HttpFilter {

    private List<String> allowedOrigins = List.of();

    @Override
    public void init() {
        allowedOrigins = ConfigProvider.getConfig().getOptionalValues("cors.allowed.origins", String.class).orElse(List.of());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin == null || !allowedOrigins.contains(origin)) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.addHeader("Vary", "Origin");
        response.setHeader("Access-Control-Expose-Headers", "Location");
        if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
            response.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
            response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key");
            response.setHeader("Access-Control-Max-Age", "600");
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        chain.doFilter(request, response);
    }
}
