package jobdispatch.dispatch.security;

import java.io.IOException;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import jobdispatch.dispatch.problems.Problem;

/**
 * The error page of a 401 the platform answered itself: MicroProfile JWT refuses a token it
 * cannot verify (forged, malformed, expired, another issuer) before the request reaches the API,
 * and this page makes that answer a problem+json like every other refusal.
 */
@WebServlet("/unauthorized")
public class Unauthorized extends HttpServlet {

    static final String BODY = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"the bearer token was not accepted: it is malformed, expired, or not signed by the trusted issuer\"}";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"jobs\", error=\"invalid_token\"");
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(BODY);
    }
}
