package io.leadline.dashboard;

import io.leadline.workspace.Account;
import io.leadline.workspace.Workspaces;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves the {@link Member} of the request from the session's {@link SignedIn}, once per request,
 * and hands it to controller methods that declare it.
 */
@Component
class Members implements HandlerMethodArgumentResolver {

    private static final String ATTRIBUTE = Members.class.getName();
    private static final Object NOBODY = new Object();

    private final Workspaces workspaces;

    Members(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    /**
     * The member signed in on this request; empty when nobody is, their account is gone, or their
     * password changed since this session signed in.
     */
    Optional<Member> current(HttpServletRequest request) {
        Object cached = request.getAttribute(ATTRIBUTE);
        if (cached == null) {
            cached = load().<Object>map(m -> m).orElse(NOBODY);
            request.setAttribute(ATTRIBUTE, cached);
        }
        return cached instanceof Member m ? Optional.of(m) : Optional.empty();
    }

    /** Whether the session's user no longer exists (rather than having signed in before a password change). */
    boolean removed() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null
                && auth.getPrincipal() instanceof SignedIn signedIn
                && workspaces.findAccount(signedIn.userId()).isEmpty();
    }

    static boolean signedIn() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof SignedIn;
    }

    private Optional<Member> load() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof SignedIn signedIn)) {
            return Optional.empty();
        }
        Optional<Account> account =
                workspaces.findAccount(signedIn.userId()).filter(a -> a.sessionEpoch() == signedIn.sessionEpoch());
        return account.flatMap(a -> workspaces
                .find(a.user().workspaceId())
                .map(w -> new Member(a.user(), w, a.instanceAdmin(), a.mustChangePassword())));
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Member.class;
    }

    @Override
    public Member resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        return current(request.getNativeRequest(HttpServletRequest.class))
                .orElseThrow(() -> new IllegalStateException("No signed-in member on a dashboard page"));
    }
}
