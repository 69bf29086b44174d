package io.leadline.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.Http11InputBuffer;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Tomcat refuses before the application sees a request — a malformed or over-long request
 * line or header, a path that does not decode, an invalid header name — gets the uniform error body
 * and an {@code X-Request-Id} too, instead of Tomcat's HTML error page. Tomcat renders those errors
 * through the host's {@link ErrorReportValve}; this replaces the one Spring Boot installs. Tomcat
 * answers every request line and headers that overflow its header buffer
 * ({@code server.max-http-request-header-size}) with a bare 400: this says 414 URI_TOO_LONG when the
 * request line did not fit, else 431 REQUEST_HEADER_FIELDS_TOO_LARGE. CONNECT, which Tomcat refuses
 * with 501 for every address, gets Spring MVC's answer to a method an address does not take.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

    /** Ordered last, so its context customizer runs after Spring Boot's, which adds the HTML valve. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonContainerErrors(
            ObjectProvider<AllowedMethods> allowed) {
        return factory -> factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new JsonReport(allowed::getIfAvailable));
            if (host instanceof StandardHost standard) {
                // So that the host does not add its default HTML valve when it starts.
                standard.setErrorReportValveClass(JsonReport.class.getName());
            }
        });
    }

    /** Writes the uniform error body for an error nothing else has answered. */
    public static final class JsonReport extends ErrorReportValve {

        private static final JsonMapper JSON = JsonMapper.builder().build();
        private static final StringManager TOO_LARGE = StringManager.getManager(Http11InputBuffer.class);

        private final Supplier<AllowedMethods> allowed;

        /** Without the application's handler mappings: CONNECT stays Tomcat's 501. */
        public JsonReport() {
            this(() -> null);
        }

        JsonReport(Supplier<AllowedMethods> allowed) {
            this.allowed = allowed;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            String message = null;
            if (status == HttpStatus.BAD_REQUEST.value() && headerTooLarge(throwable)) {
                // One buffer holds the request line and the headers; the line is unread when it overflowed.
                boolean lineRead = request.getRequestURI() != null;
                status =
                        lineRead ? HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value() : HttpStatus.URI_TOO_LONG.value();
                response.setStatus(status);
                message = (lineRead ? "The request headers are too large" : "The request URI is too long")
                        + ": the request line and headers together may take at most " + headerLimit(request)
                        + " bytes.";
            }
            if (status == HttpStatus.NOT_IMPLEMENTED.value() && "CONNECT".equals(request.getMethod())) {
                // Tomcat refuses CONNECT for every address before any application code runs; for an
                // address of ours, say what Spring MVC says of a method the path does not take.
                AllowedMethods lookup = allowed.get();
                String path = request.getRequestURI();
                if (lookup != null && path != null && path.startsWith("/")) {
                    Set<HttpMethod> methods = lookup.of(request.getRequest(), path, "CONNECT");
                    status = methods == null ? HttpStatus.NOT_FOUND.value() : HttpStatus.METHOD_NOT_ALLOWED.value();
                    response.setStatus(status);
                    if (methods != null) {
                        response.setHeader(HttpHeaders.ALLOW, AllowedMethods.header(methods));
                    }
                    message = methods == null ? ErrorPage.NOT_FOUND : ErrorPage.methodNotAllowed("CONNECT");
                } else {
                    message = "CONNECT is not supported: this server is not a proxy.";
                }
            }
            HttpStatus known = HttpStatus.resolve(status);
            String code = known == null
                    ? "ERROR"
                    : known == HttpStatus.NOT_IMPLEMENTED
                            ? "NOT_IMPLEMENTED"
                            : known.is5xxServerError() ? "INTERNAL_ERROR" : known.name();
            if (message == null) {
                message = known == HttpStatus.NOT_IMPLEMENTED
                        ? "This server does not support the request's method."
                        : known == null || known.is5xxServerError()
                                ? "Something went wrong on our side. Quote the request id when reporting it."
                                : "The request was refused: " + known.getReasonPhrase() + ".";
            }
            // The caller's id when Tomcat got as far as reading the headers (a path it cannot decode).
            String id = RequestIds.echoOrGenerate(request.getHeader(RequestIds.HEADER));
            try {
                response.setHeader(RequestIds.HEADER, id);
                response.setContentType("application/json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.getOutputStream().write(JSON.writeValueAsBytes(new ApiError(code, message, id, null, null)));
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // The connection is gone or the response cannot take a body; the status stands.
            }
        }

        /** Tomcat's refusal of a request line and headers that overflow its header buffer. */
        private static boolean headerTooLarge(Throwable throwable) {
            return throwable instanceof IllegalArgumentException
                    && TOO_LARGE.getString("iib.requestheadertoolarge.error").equals(throwable.getMessage());
        }

        private static String headerLimit(Request request) {
            return request.getConnector() != null
                            && request.getConnector().getProtocolHandler() instanceof AbstractHttp11Protocol<?> http
                    ? Integer.toString(http.getMaxHttpRequestHeaderSize())
                    : "the configured number of";
        }
    }
}
