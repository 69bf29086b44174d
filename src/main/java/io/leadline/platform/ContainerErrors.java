package io.leadline.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Tomcat refuses before the application sees a request — a malformed or over-long request
 * line or header, a path that does not decode, an invalid header name — gets the uniform error body
 * and an {@code X-Request-Id} too, instead of Tomcat's HTML error page. Tomcat renders those errors
 * through the host's {@link ErrorReportValve}; this replaces the one Spring Boot installs. Tomcat
 * answers every request line and headers that overflow its header buffer
 * ({@code server.max-http-request-header-size}) with a bare 400: this says 414 URI_TOO_LONG when the
 * request line did not fit, else 431 REQUEST_HEADER_FIELDS_TOO_LARGE.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

    /** Ordered last, so its context customizer runs after Spring Boot's, which adds the HTML valve. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonContainerErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new JsonReport());
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
            HttpStatus known = HttpStatus.resolve(status);
            String code = known == null ? "ERROR" : known.is5xxServerError() ? "INTERNAL_ERROR" : known.name();
            if (message == null) {
                message = known == null || known.is5xxServerError()
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
