package io.leadline.platform;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.LogicalType;

/**
 * Strict JSON binding: a number is not a string, a string is not a number, an array is not an
 * object, a field appears once, and text may not carry what {@link Text} refuses (NUL, unpaired
 * surrogates). Wrong types become 400 answers naming the field instead of silently coerced values.
 */
@Configuration(proxyBeanMethods = false)
class Json {

    static final String REJECTED = "leadline:";

    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> {
            builder.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
            builder.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            // {"email": "a@x", "email": "b@x"} is ambiguous (JSON leaves it open; readers disagree on
            // which wins): refused as not JSON, naming the field (JsonBodies), on every endpoint.
            builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
            // Numbers read into untyped values (capture attributes, payloads kept on the timeline) keep
            // their exact value: 1e400 is not Infinity, -1e-400 not -0.0, 19.90 not 19.9.
            builder.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            builder.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            builder.disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
            for (LogicalType type : new LogicalType[] {
                LogicalType.Textual, LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Enum
            }) {
                builder.withCoercionConfig(type, config -> {
                    config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                    config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                    config.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                    config.setCoercion(CoercionInputShape.String, CoercionAction.Fail);
                    config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
                    config.setCoercion(CoercionInputShape.Array, CoercionAction.Fail);
                    config.setCoercion(CoercionInputShape.Object, CoercionAction.Fail);
                });
            }
            builder.withCoercionConfig(LogicalType.Textual, config -> {
                config.setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
                config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.TryConvert);
            });
            builder.withCoercionConfig(LogicalType.Enum, config -> {
                config.setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
            });
            builder.addModule(new SimpleModule("leadline-text")
                    .addDeserializer(String.class, new SafeText())
                    .addSerializer(OffsetDateTime.class, new UtcMicros()));
        };
    }

    /**
     * Date-times in answers and events: UTC with always six fractional digits
     * ({@code 2026-12-01T13:30:19.459710Z}), so a client reading them with a fixed pattern reads every
     * one (the default dropped trailing zeros: {@code .45971Z}, {@code .4Z}, none at all).
     */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSX");

    static final class UtcMicros extends StdSerializer<OffsetDateTime> {

        UtcMicros() {
            super(OffsetDateTime.class);
        }

        @Override
        public void serialize(OffsetDateTime value, JsonGenerator generator, SerializationContext context) {
            generator.writeString(TIME.format(value.withOffsetSameInstant(ZoneOffset.UTC)));
        }
    }

    /** Strings only (no numbers or booleans turned into text), and only text {@link Text} accepts. */
    static final class SafeText extends StdDeserializer<String> {

        SafeText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(tools.jackson.core.JsonToken.VALUE_STRING)) {
                return (String) context.handleUnexpectedToken(String.class, parser);
            }
            String text = parser.getString();
            String problem = Text.problem(text);
            if (problem != null) {
                throw tools.jackson.databind.exc.MismatchedInputException.from(
                        parser, String.class, REJECTED + problem);
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }
}
