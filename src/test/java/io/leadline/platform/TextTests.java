package io.leadline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which text Leadline refuses, and how text it only records is made storable. */
class TextTests {

    @Test
    void nulAndUnpairedSurrogatesAreProblemsPairsAreNot() {
        assertThat(Text.problem("Zoë 李 🚀")).isNull();
        assertThat(Text.problem("a\u0000b")).isEqualTo("must not contain NUL characters");
        assertThat(Text.problem("a\uD800b")).isEqualTo("must not contain unpaired surrogate characters");
        assertThat(Text.problem("a\uDC00")).isEqualTo("must not contain unpaired surrogate characters");
        assertThat(Text.problem("\uD800")).isEqualTo("must not contain unpaired surrogate characters");
    }

    @Test
    void storableDropsNulAndReplacesUnpairedSurrogatesKeepingPairs() {
        assertThat(Text.storable(null)).isNull();
        assertThat(Text.storable("ok 🚀")).isEqualTo("ok 🚀");
        assertThat(Text.storable("a\u0000b\uD800c\uDC00🚀")).isEqualTo("ab\uFFFDc\uFFFD🚀");
        assertThat(Text.problem(Text.storable("\u0000\uD800\uDBFF"))).isNull();
    }
}
