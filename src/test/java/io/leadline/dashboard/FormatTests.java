package io.leadline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatTests {

    @Test
    void capturedValuesReadAsTextAndNestedOnesAsJson() {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("city", "Oslo");
        address.put("zip", 150);
        assertThat(Format.value("pro")).isEqualTo("pro");
        assertThat(Format.value(42)).isEqualTo("42");
        assertThat(Format.value(null)).isEqualTo("—");
        assertThat(Format.value(address)).isEqualTo("{\"city\":\"Oslo\",\"zip\":150}");
        assertThat(Format.value(List.of(List.of(1, 2), "x"))).isEqualTo("[[1,2],\"x\"]");
        assertThat(Format.value(Arrays.asList("a", null))).isEqualTo("[\"a\",null]");
    }
}
