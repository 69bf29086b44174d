package io.leadline.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.workspace.AllowedDomains;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which request hosts a project's allowlist accepts. */
class RequestOriginTests {

    private static final AllowedDomains LIST = AllowedDomains.of(List.of("Example.com", "*.example.org"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "https://example.com, true",
        "https://EXAMPLE.COM:8443, true",
        "http://example.com., true",
        "https://www.example.com, false",
        "https://shop.example.org, true",
        "https://a.b.example.org, true",
        "https://example.org, false",
        "https://evil-example.org, false",
        "https://example.com.evil.com, false",
        "https://evil.com, false",
        "null, false",
        "::not a url::, false",
        "https://example.com/page, true"
    })
    void originHostIsMatchedExactlyOrAsAWildcardSubdomain(String origin, boolean allowed) {
        assertThat(RequestOrigin.of(origin, null).allowedBy(LIST)).isEqualTo(allowed);
    }

    @Test
    void onlyTheFormBrowsersSendIsACorsOrigin() {
        for (String origin : List.of("https://example.com", "http://EXAMPLE.com:8443", "http://[::1]:3000", "null")) {
            assertThat(RequestOrigin.SERIALIZED.matcher(origin).matches())
                    .as(origin)
                    .isTrue();
        }
        for (String origin :
                List.of("a b", "example.com", "https://example.com/", "https://a.com, https://b.com", "", "https://")) {
            assertThat(RequestOrigin.SERIALIZED.matcher(origin).matches())
                    .as(origin)
                    .isFalse();
        }
    }

    @Test
    void originDecidesBeforeReferer() {
        RequestOrigin origin = RequestOrigin.of("https://evil.com", "https://example.com/page");
        assertThat(origin.header()).isEqualTo("origin");
        assertThat(origin.allowedBy(LIST)).isFalse();
    }

    @Test
    void refererHostDecidesWithoutOrigin() {
        assertThat(RequestOrigin.of(null, "https://example.com/a?b=c").allowedBy(LIST))
                .isTrue();
        assertThat(RequestOrigin.of("", "https://evil.com/a").allowedBy(LIST)).isFalse();
    }

    @Test
    void neitherHeaderIsAServerSideCallAndAllowed() {
        RequestOrigin none = RequestOrigin.of(null, null);
        assertThat(none.serverSide()).isTrue();
        assertThat(none.allowedBy(LIST)).isTrue();
    }

    @Test
    void emptyAllowlistAcceptsEveryOrigin() {
        assertThat(RequestOrigin.of("null", null).allowedBy(AllowedDomains.none()))
                .isTrue();
        assertThat(RequestOrigin.of("https://evil.com", null).allowedBy(AllowedDomains.none()))
                .isTrue();
    }

    @Test
    void invalidAllowlistEntriesAreNamed() {
        assertThat(AllowedDomains.problem(List.of("*.com"))).contains("*.com");
        assertThat(AllowedDomains.problem(List.of("exa_mple.com"))).contains("exa_mple.com");
        assertThat(AllowedDomains.problem(List.of("example.com", "*.example.org")))
                .isNull();
    }
}
