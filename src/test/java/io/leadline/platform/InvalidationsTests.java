package io.leadline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Without Redis: publications reach this instance's listeners only, and only after a commit. */
class InvalidationsTests {

    final Invalidations invalidations = new Invalidations(none(RedisLink.class));
    final List<String> cleared = new ArrayList<>();

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> ObjectProvider<T> none(Class type) {
        return new StaticListableBeanFactory().getBeanProvider(type);
    }

    @AfterEach
    void endTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void aPublicationOutsideATransactionRunsTheTopicsListenersAtOnce() {
        invalidations.on("api_keys", () -> cleared.add("keys"));
        invalidations.on("projects", () -> cleared.add("projects"));

        invalidations.publish("api_keys");

        assertThat(cleared).containsExactly("keys");
    }

    @Test
    void aPublicationInATransactionWaitsForTheCommit() {
        invalidations.on("users", () -> cleared.add("users"));
        TransactionSynchronizationManager.initSynchronization();

        invalidations.publish("users");
        assertThat(cleared).isEmpty();
        TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);

        assertThat(cleared).containsExactly("users");
    }

    @Test
    void aRolledBackTransactionInvalidatesNothing() {
        invalidations.on("users", () -> cleared.add("users"));
        TransactionSynchronizationManager.initSynchronization();

        invalidations.publish("users");
        TransactionSynchronizationManager.getSynchronizations()
                .forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));

        assertThat(cleared).isEmpty();
    }
}
