package io.leadline.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The APIs answer in the one format each endpoint has (JSON; the WhatsApp verification challenge as
 * text), whatever {@code Accept} says: a client library sending {@code Accept: text/html} or a vendor
 * type gets its lead stored and a JSON answer, not a 406 with nothing stored. Pages (the dashboard)
 * still negotiate by {@code Accept}.
 */
@Configuration(proxyBeanMethods = false)
class ApiContentTypes implements WebMvcConfigurer {

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        HeaderContentNegotiationStrategy byHeader = new HeaderContentNegotiationStrategy();
        configurer.strategies(List.of(new ApiIgnoresAccept(byHeader)));
    }

    private record ApiIgnoresAccept(ContentNegotiationStrategy pages) implements ContentNegotiationStrategy {
        @Override
        public List<MediaType> resolveMediaTypes(NativeWebRequest request) throws HttpMediaTypeNotAcceptableException {
            HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
            return http != null && http.getRequestURI().startsWith("/api/")
                    ? MEDIA_TYPE_ALL_LIST
                    : pages.resolveMediaTypes(request);
        }
    }
}
