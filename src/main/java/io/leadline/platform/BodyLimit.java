package io.leadline.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over the limit with 413: at once when Content-Length says so, and while
 * reading when the body is chunked. The WhatsApp webhook takes larger bodies, as Meta may send, and
 * so does the dashboard's CSV import ({@code POST /app/leads/import}, a file upload), whose refusal is
 * the dashboard's 413 page rather than the JSON body. A
 * compressed body ({@code Content-Encoding} other than identity) is a 415 with
 * {@code Accept-Encoding: identity} (RFC 7694) rather than bytes the JSON reader calls broken:
 * decompressing would need a second, decompressed limit against zip bombs, for clients that all can
 * send plain bodies.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodyLimit extends OncePerRequestFilter {

    private final long maxBytes;
    private final long webhookMaxBytes;
    private final long importMaxBytes;
    private final JsonMapper json;

    BodyLimit(
            @Value("${leadline.api.max-body-bytes}") long maxBytes,
            @Value("${leadline.api.webhook-max-body-bytes}") long webhookMaxBytes,
            @Value("${leadline.dashboard.import-max-body-bytes}") long importMaxBytes,
            JsonMapper json) {
        this.importMaxBytes = importMaxBytes;
        this.maxBytes = maxBytes;
        this.webhookMaxBytes = webhookMaxBytes;
        this.json = json;
    }

    /** The dashboard's CSV import of leads, a file upload. */
    static final String IMPORT_PATH = "/app/leads/import";

    /** The CSV import's upload: the one dashboard request whose body may be larger than the APIs'. */
    static boolean upload(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && IMPORT_PATH.equals(request.getRequestURI());
    }

    static boolean exceeded(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            response.setHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
            ErrorHandling.write(
                    request,
                    response,
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "UNSUPPORTED_MEDIA_TYPE",
                    "A compressed body (Content-Encoding) is not accepted: send it uncompressed.",
                    null,
                    json);
            return;
        }
        boolean upload = upload(request);
        long limit = request.getRequestURI().startsWith("/api/whatsapp/")
                ? webhookMaxBytes
                : upload ? importMaxBytes : maxBytes;
        if (request.getContentLengthLong() > limit) {
            if (upload) {
                // A person's upload: the dashboard's error page (ErrorPage → HtmlErrors), not JSON.
                response.setHeader("Connection", "close");
                response.sendError(
                        HttpStatus.CONTENT_TOO_LARGE.value(),
                        "The file is too large: at most 5 MB is imported at a time. Split it into smaller files.");
                return;
            }
            response.setHeader("Connection", "close");
            ErrorHandling.write(
                    request,
                    response,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "PAYLOAD_TOO_LARGE",
                    "The request body is larger than the " + limit + " bytes this endpoint accepts.",
                    null,
                    json);
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    /** Thrown while reading a body that grows past the limit. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("request body too large", null);
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++read > limit) {
                            throw new TooLarge();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = in.read(buf, off, len);
                        if (n > 0 && (read += n) > limit) {
                            throw new TooLarge();
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
