package io.leadline.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Reading the public body: trimming, absent values, and every problem named at once. */
class CaptureRequestTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static CaptureRequest.Parsed parse(String json) {
        return CaptureRequest.parse(JSON.readTree(json));
    }

    @Test
    void textsAreTrimmedAndEmptyOnesDropped() {
        CaptureRequest r = parse("{\"name\": \"  Jane \", \"email\": \"\", \"utm\": {\"utm_source\": \" g \","
                        + " \"utm_term\": null}}")
                .request();
        assertThat(r.name()).isEqualTo("Jane");
        assertThat(r.email()).isNull();
        assertThat(r.utm()).containsExactly(java.util.Map.entry("utm_source", "g"));
    }

    @Test
    void attributesKeepScalarsAndArraysOfScalars() {
        CaptureRequest.Parsed parsed =
                parse("{\"attributes\": {\"a\": \"x\", \"b\": 2, \"c\": true, \"d\": null, \"e\": [\"1\", 2]}}");
        assertThat(parsed.valid()).isTrue();
        assertThat(parsed.request().attributes()).containsEntry("a", "x").containsEntry("c", true);
        assertThat(parsed.request().attributes().get("e")).isEqualTo(List.of("1", 2));
    }

    @Test
    void everyProblemIsCollected() {
        CaptureRequest.Parsed parsed = parse("{\"name\": 1, \"phone\": \"none\", \"page_trail\": [1, \"/a\", false]}");
        assertThat(parsed.valid()).isFalse();
        assertThat(parsed.errors())
                .extracting(e -> e.field())
                .containsExactly("name", "phone", "page_trail[0]", "page_trail[2]");
    }
}
