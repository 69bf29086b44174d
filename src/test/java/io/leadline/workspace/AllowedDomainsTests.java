package io.leadline.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedDomainsTests {

    final AllowedDomains list = AllowedDomains.of(List.of("Example.com", "*.shop.io"));

    @Test
    void exactEntryMatchesThatHostInAnyCase() {
        assertThat(list.allows("example.com")).isTrue();
        assertThat(list.allows("EXAMPLE.COM")).isTrue();
    }

    @Test
    void exactEntryDoesNotMatchItsSubdomains() {
        assertThat(list.allows("www.example.com")).isFalse();
    }

    @Test
    void wildcardMatchesSubdomainsButNotTheApex() {
        assertThat(list.allows("eu.shop.io")).isTrue();
        assertThat(list.allows("a.b.shop.io")).isTrue();
        assertThat(list.allows("shop.io")).isFalse();
    }

    @Test
    void lookalikeHostsDoNotMatch() {
        assertThat(list.allows("example.com.evil.com")).isFalse();
        assertThat(list.allows("evilexample.com")).isFalse();
        assertThat(list.allows("evilshop.io")).isFalse();
    }

    @Test
    void missingHostIsNotOnANonEmptyList() {
        assertThat(list.allows(null)).isFalse();
        assertThat(list.allows("")).isFalse();
    }

    @Test
    void emptyListAllowsAnyHost() {
        assertThat(AllowedDomains.none().allows("anything.test")).isTrue();
    }

    @Test
    void entriesAreValidated() {
        assertThat(AllowedDomains.problem(List.of("example.com", "*.example.com", "localhost")))
                .isNull();
        assertThat(AllowedDomains.problem(List.of("*.com"))).isNotNull();
        assertThat(AllowedDomains.problem(List.of("ex ample.com"))).isNotNull();
        assertThat(AllowedDomains.problem(List.of("exa_mple.com"))).isNotNull();
        assertThat(AllowedDomains.problem(List.of("https://"))).isNotNull();
        assertThat(AllowedDomains.problem(List.of("-bad.example.com"))).isNotNull();
    }

    @Test
    void entriesAreTakenTheWayPeoplePasteThem() {
        assertThat(AllowedDomains.of(List.of(
                                "https://Example.com/pricing?x=1",
                                "shop.example.com:8443",
                                "www.example.org.",
                                "bücher.de",
                                "*.Bücher.de",
                                "http://example.com#top"))
                        .entries())
                .containsExactly(
                        "example.com", "shop.example.com", "www.example.org", "xn--bcher-kva.de", "*.xn--bcher-kva.de");
        assertThat(AllowedDomains.of(List.of("bücher.de")).allows("xn--bcher-kva.de"))
                .isTrue();
    }

    @Test
    void storedFormRoundTrips() {
        assertThat(AllowedDomains.fromStored(list.stored())).isEqualTo(list);
    }
}
