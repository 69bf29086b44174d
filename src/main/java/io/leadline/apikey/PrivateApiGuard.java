package io.leadline.apikey;

import io.leadline.platform.ApiException;
import io.leadline.platform.ErrorHandling;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards {@code /api/v1/**} (a servlet filter, see {@link PrivateApiConfig}): a valid, unrevoked
 * secret key, then one token from that key's per-minute budget. Controllers receive the
 * {@link Caller} as a method argument.
 */
@Component
class PrivateApiGuard extends OncePerRequestFilter implements HandlerMethodArgumentResolver {

    static final String INVALID_KEY_MESSAGE = "Missing or invalid API key. Create an account, sign in, "
            + "and generate a key in Settings → API Access; send it as X-API-Key or Authorization: Bearer.";

    private final ApiKeys apiKeys;
    private final RateLimiter rateLimiter;
    private final JsonMapper json;

    PrivateApiGuard(ApiKeys apiKeys, RateLimiter rateLimiter, JsonMapper json) {
        this.apiKeys = apiKeys;
        this.rateLimiter = rateLimiter;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            request.setAttribute(Caller.ATTRIBUTE, admit(request, response));
        } catch (ApiException refused) {
            ErrorHandling.write(request, response, refused, json);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The caller behind a valid key with a token left this minute; 401 or 429 otherwise. */
    private Caller admit(HttpServletRequest request, HttpServletResponse response) {
        String presented = Credentials.from(request, false);
        Caller caller =
                presented == null ? null : apiKeys.authenticate(presented).orElse(null);
        if (caller == null) {
            response.setHeader("WWW-Authenticate", "Bearer");
            throw new ApiException(HttpStatus.UNAUTHORIZED, "INVALID_API_KEY", INVALID_KEY_MESSAGE);
        }
        RateLimit limit = rateLimiter.consume("per-key", "key:" + caller.apiKeyId(), caller.rateLimitPerMinute());
        limit.writeHeaders(response);
        limit.enforce();
        return caller;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        Object caller = request.getAttribute(Caller.ATTRIBUTE, NativeWebRequest.SCOPE_REQUEST);
        if (caller == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "INVALID_API_KEY", INVALID_KEY_MESSAGE);
        }
        return (Caller) caller;
    }
}
