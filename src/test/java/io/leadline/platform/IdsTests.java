package io.leadline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTests {

    @Test
    void randomIdsHaveTheAskedLengthInBase62() {
        for (int length : new int[] {1, 5, 20, 32, 48}) {
            assertThat(Ids.random(length)).hasSize(length).matches("[0-9A-Za-z]+");
        }
        assertThat(Ids.prefixed("ld")).matches("ld_[0-9A-Za-z]{20}");
    }

    @Test
    void everyBase62CharacterIsAboutEquallyLikely() {
        Map<Character, Integer> counts = new HashMap<>();
        int draws = 62 * 2_000;
        for (int i = 0; i < draws / 20; i++) {
            for (char c : Ids.random(20).toCharArray()) {
                counts.merge(c, 1, Integer::sum);
            }
        }
        // All 62 characters occur, each within ±15 % of its expected 2,000 (±6.7 standard deviations).
        assertThat(counts).hasSize(62);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(1_700, 2_300));
    }

    @Test
    void idsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(Ids.prefixed("ld"))).isTrue();
        }
    }
}
