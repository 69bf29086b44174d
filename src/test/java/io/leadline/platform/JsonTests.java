package io.leadline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** How answers write date-times: UTC, always six fractional digits. */
class JsonTests {

    private static JsonMapper mapper() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new Json().strictJson().customize(builder);
        return builder.build();
    }

    @Test
    void dateTimesAreUtcWithSixFractionalDigitsWhateverTheirZerosOrOffset() {
        JsonMapper json = mapper();
        assertThat(json.writeValueAsString(Map.of("at", OffsetDateTime.parse("2026-12-01T13:30:19.4Z"))))
                .isEqualTo("{\"at\":\"2026-12-01T13:30:19.400000Z\"}");
        assertThat(json.writeValueAsString(Map.of("at", OffsetDateTime.parse("2026-12-01T15:30:19+02:00"))))
                .isEqualTo("{\"at\":\"2026-12-01T13:30:19.000000Z\"}");
        assertThat(json.readValue("\"2026-12-01T13:30:19.400000Z\"", OffsetDateTime.class))
                .isEqualTo(OffsetDateTime.parse("2026-12-01T13:30:19.4Z"));
    }
}
