package io.leadline.lead;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Counts leads in {@code leadline.leads}, tagged by channel ({@code api}, {@code web}, {@code
 * whatsapp}) and outcome ({@code created}, {@code merged}), once the transaction that stored them
 * has committed: a lead counted here is a lead in the database. Refusals are counted where the
 * answer is made ({@code leadline.rejections}).
 */
@Component
class LeadMetrics {

    private final MeterRegistry meters;

    LeadMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(LeadEvent event) {
        String outcome = switch (event.type()) {
            case LeadEvent.CREATED -> "created";
            case LeadEvent.MERGED -> "merged";
            default -> null;
        };
        if (outcome == null) {
            return;
        }
        String channel = event.data() instanceof Map<?, ?> data && data.get("lead") instanceof LeadView lead
                ? lead.channel()
                : "unknown";
        Counter.builder("leadline.leads")
                .description("Leads stored, by channel and outcome (a new lead, or a submission joined to one)")
                .tag("channel", channel)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
