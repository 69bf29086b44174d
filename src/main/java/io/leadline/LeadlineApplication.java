package io.leadline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Leadline: a self-hosted lead-capture CRM. Each sub-package is one feature module. */
@SpringBootApplication
@ConfigurationPropertiesScan
@org.springframework.scheduling.annotation.EnableScheduling
public class LeadlineApplication {

    public static void main(String[] args) {
        SpringApplication.run(LeadlineApplication.class, args);
    }
}
