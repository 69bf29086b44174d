package io.leadline.platform;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.servlet.support.WebContentGenerator;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The methods an address takes, as Spring MVC lists them in the {@code Allow} of its own 405 — for
 * the methods that never reach Spring MVC: TRACE and CONNECT, which Tomcat refuses itself, and
 * methods the request firewall does not know (PROPFIND, made-up ones). Asks the application's
 * handler mappings, in the dispatcher's order, about a copy of the request with that path and
 * method; nothing the mappings note on it reaches the real request.
 */
@Component
class AllowedMethods {

    /** What a handler that takes any method answers (Spring MVC's own methods but TRACE). */
    private static final List<HttpMethod> ANY = List.of(
            HttpMethod.GET,
            HttpMethod.HEAD,
            HttpMethod.POST,
            HttpMethod.PUT,
            HttpMethod.PATCH,
            HttpMethod.DELETE,
            HttpMethod.OPTIONS);

    private final ObjectProvider<HandlerMapping> mappings;

    AllowedMethods(ObjectProvider<HandlerMapping> mappings) {
        this.mappings = mappings;
    }

    /**
     * The methods {@code path} (as sent: not decoded, without the query) takes when asked with
     * {@code method}, which none of them is; null when nothing answers the path (a 404).
     */
    Set<HttpMethod> of(HttpServletRequest request, String path, String method) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        Probe probe = new Probe(request, path, method);
        try {
            ServletRequestPathUtils.parseAndCache(probe);
            for (HandlerMapping mapping : mappings.orderedStream().toList()) {
                HandlerExecutionChain chain;
                try {
                    chain = mapping.getHandler(probe);
                } catch (HttpRequestMethodNotSupportedException refused) {
                    Set<HttpMethod> supported = refused.getSupportedHttpMethods();
                    return supported == null || supported.isEmpty() ? null : supported;
                }
                if (chain != null) {
                    return methods(mapping, chain.getHandler(), probe);
                }
            }
        } catch (Exception e) {
            // A path the mappings cannot read (they would refuse it too): nothing answers it.
        }
        return null;
    }

    /** {@code methods} as an {@code Allow} header value, as Spring MVC's 405 writes it. */
    static String header(Set<HttpMethod> methods) {
        return String.join(", ", methods.stream().map(HttpMethod::name).toList());
    }

    private static Set<HttpMethod> methods(HandlerMapping mapping, Object handler, HttpServletRequest probe)
            throws IOException {
        if (handler instanceof ResourceHttpRequestHandler resources) {
            // The static files' catch-all takes every path: like Spring MVC, 404 for a file it lacks.
            String file = mapping instanceof AbstractUrlHandlerMapping urls ? within(urls, handler, probe) : null;
            if (file == null || !exists(resources.getLocations(), file)) {
                return null;
            }
        }
        if (handler instanceof WebContentGenerator generator && generator.getSupportedMethods() != null) {
            Set<HttpMethod> methods = new LinkedHashSet<>();
            Arrays.stream(generator.getSupportedMethods())
                    .map(HttpMethod::valueOf)
                    .forEach(methods::add);
            return methods;
        }
        return new LinkedHashSet<>(ANY);
    }

    /** The part of the probe's path that {@code handler}'s pattern leaves to it (a file's name). */
    private static String within(AbstractUrlHandlerMapping mapping, Object handler, HttpServletRequest probe) {
        PathContainer path = ServletRequestPathUtils.getParsedRequestPath(probe).pathWithinApplication();
        for (Map.Entry<PathPattern, Object> entry :
                mapping.getPathPatternHandlerMap().entrySet()) {
            if (entry.getValue() == handler && entry.getKey().matches(path)) {
                return entry.getKey().extractPathWithinPattern(path).value();
            }
        }
        return null;
    }

    /** Whether one of the static files' locations holds {@code file} (for Allow only: it serves nothing). */
    private static boolean exists(List<Resource> locations, String file) throws IOException {
        String relative = file.startsWith("/") ? file.substring(1) : file;
        if (relative.isEmpty() || relative.contains("..") || relative.contains("\\") || relative.contains(":")) {
            return false;
        }
        for (Resource location : locations) {
            Resource candidate = location.createRelative(relative);
            if (candidate.exists() && candidate.isReadable()) {
                return true;
            }
        }
        return false;
    }

    /** The request as the dispatcher would see it for {@code path} and {@code method}. */
    private static final class Probe extends HttpServletRequestWrapper {

        private final String path;
        private final String method;
        private final Map<String, Object> attributes = new HashMap<>();
        private final Set<String> removed = new HashSet<>();

        Probe(HttpServletRequest request, String path, String method) {
            super(request);
            this.path = path;
            this.method = method;
        }

        @Override
        public String getMethod() {
            return method;
        }

        @Override
        public String getRequestURI() {
            return path;
        }

        @Override
        public String getContextPath() {
            return "";
        }

        @Override
        public String getServletPath() {
            return path;
        }

        @Override
        public String getPathInfo() {
            return null;
        }

        @Override
        public DispatcherType getDispatcherType() {
            return DispatcherType.REQUEST;
        }

        @Override
        public HttpServletMapping getHttpServletMapping() {
            return new HttpServletMapping() {
                @Override
                public String getMatchValue() {
                    return "";
                }

                @Override
                public String getPattern() {
                    return "/";
                }

                @Override
                public String getServletName() {
                    return "dispatcherServlet";
                }

                @Override
                public MappingMatch getMappingMatch() {
                    return MappingMatch.DEFAULT;
                }
            };
        }

        @Override
        public Object getAttribute(String name) {
            if (attributes.containsKey(name)) {
                return attributes.get(name);
            }
            return removed.contains(name) ? null : super.getAttribute(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            Set<String> names = new HashSet<>(Collections.list(super.getAttributeNames()));
            names.removeAll(removed);
            names.addAll(attributes.keySet());
            return Collections.enumeration(names);
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                removeAttribute(name);
                return;
            }
            removed.remove(name);
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
            removed.add(name);
        }
    }
}
