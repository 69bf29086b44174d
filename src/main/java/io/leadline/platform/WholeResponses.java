package io.leadline.platform;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * API answers go out whole: with Content-Length, in one write. Spring MVC flushes after writing a
 * body, which commits the response before its length is known; Tomcat then sends it chunked and
 * needs a second write for the closing chunk — per lead, a second system call and packet for every
 * ingest answer (docs/performance.md). Here those early flushes are dropped, so Tomcat commits at the
 * end of the request with the length of what it buffered. An answer larger than Tomcat's buffer
 * (8 KiB) still streams, chunked, as before. Only {@code /api/**}: the dashboard's CSV export
 * streams on purpose.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class WholeResponses implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http
                && response instanceof HttpServletResponse httpResponse
                && http.getRequestURI().startsWith("/api/")) {
            chain.doFilter(request, new Unflushed(httpResponse));
        } else {
            chain.doFilter(request, response);
        }
    }

    /** A response whose flushes wait for the end of the request. */
    private static final class Unflushed extends HttpServletResponseWrapper {
        private ServletOutputStream stream;

        Unflushed(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void flushBuffer() {
            // Committed when the request ends (or when the body outgrows Tomcat's buffer).
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void flush() {
                        // As flushBuffer().
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }

                    @Override
                    public boolean isReady() {
                        return out.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        out.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
