package io.leadline.apikey;

import io.leadline.platform.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Guards {@code /api/v1/**}: a valid, unrevoked secret key, then one token from that key's
 * per-minute budget. Controllers receive the {@link Caller} as a method argument.
 */
@Component
class PrivateApiGuard implements HandlerInterceptor, HandlerMethodArgumentResolver {

    static final String INVALID_KEY_MESSAGE = "Missing or invalid API key. Create an account, sign in, "
            + "and generate a key in Settings → API Access; send it as X-API-Key or Authorization: Bearer.";

    private final ApiKeys apiKeys;
    private final RateLimiter rateLimiter;

    PrivateApiGuard(ApiKeys apiKeys, RateLimiter rateLimiter) {
        this.apiKeys = apiKeys;
        this.rateLimiter = rateLimiter;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
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
        request.setAttribute(Caller.ATTRIBUTE, caller);
        return true;
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
