package io.leadline.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /v3/api-docs (Swagger UI at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
class OpenApi {

    @Bean
    OpenAPI leadlineOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Leadline API")
                        .version("v1")
                        .description("Private lead API (secret keys), public capture API (project keys), "
                                + "admin API (operator token) and probes. Every error has the body "
                                + "{code, message, request_id[, errors]}."))
                .components(new Components()
                        .addSecuritySchemes(
                                "secretKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("X-API-Key")
                                        .description("A secret key ll_sk_…; Authorization: Bearer works too."))
                        .addSecuritySchemes(
                                "adminToken",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("The operator's LEADLINE_ADMIN_TOKEN.")));
    }
}
