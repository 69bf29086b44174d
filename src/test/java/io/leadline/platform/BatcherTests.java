package io.leadline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatcherTests {

    /** Batches on platform threads, as in the application. */
    private static final java.util.concurrent.Executor THREADS =
            command -> Thread.ofPlatform().start(command);

    @Test
    void aLoneCallerRunsItsItemAtOnce() {
        List<List<Integer>> batches = new ArrayList<>();
        Batcher<String, Integer, Integer> batcher =
                new Batcher<>("test", 8, THREADS, new SimpleMeterRegistry(), items -> {
                    batches.add(items);
                    return items.stream().map(i -> Batcher.Result.ok(i * 10)).toList();
                });
        assertThat(batcher.submit("a", 1)).isEqualTo(10);
        assertThat(batcher.submit("a", 2)).isEqualTo(20);
        assertThat(batches).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void publishesBatchSizesDurationsAndWaitsUnderItsName() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Batcher<String, Integer, Integer> batcher = new Batcher<>("lead-create", 8, THREADS, meters, items -> {
            if (items.contains(3)) {
                throw new IllegalStateException("database down");
            }
            return items.stream().map(Batcher.Result::ok).toList();
        });
        batcher.submit("a", 1);
        batcher.submit("b", 2);
        assertThatThrownBy(() -> batcher.submit("a", 3)).hasMessage("database down");

        // A failed batch is a batch too: its callers waited for it.
        assertThat(meter(meters, "leadline.batch.size").summary().count()).isEqualTo(3);
        assertThat(meter(meters, "leadline.batch.size").summary().totalAmount()).isEqualTo(3.0);
        assertThat(meter(meters, "leadline.batch").timer().count()).isEqualTo(3);
        assertThat(meter(meters, "leadline.batch.wait").timer().count()).isEqualTo(3);
    }

    private static RequiredSearch meter(SimpleMeterRegistry meters, String name) {
        return meters.get(name).tag("name", "lead-create");
    }

    @Test
    void concurrentCallersShareBatchesOneAtATimePerKeyAndEachGetsItsOwnResult() throws Exception {
        int callers = 400;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        Batcher<String, Integer, Integer> batcher =
                new Batcher<>("test", 16, THREADS, new SimpleMeterRegistry(), items -> {
                    if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    try {
                        Thread.sleep(2); // a commit
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    sizes.add(items.size());
                    running.decrementAndGet();
                    return items.stream().map(i -> Batcher.Result.ok(-i)).toList();
                });
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int item = i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return batcher.submit("workspace", item);
                }));
            }
            go.countDown();
            for (int i = 0; i < callers; i++) {
                assertThat(answers.get(i).get()).isEqualTo(-i);
            }
        }
        assertThat(overlaps).hasValue(0);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(callers);
        assertThat(sizes).allMatch(n -> n <= 16);
        assertThat(sizes.size()).as("batches formed").isLessThan(callers / 2);
    }

    @Test
    void differentKeysRunSideBySide() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        Batcher<String, String, String> batcher =
                new Batcher<>("test", 4, THREADS, new SimpleMeterRegistry(), items -> {
                    both.countDown();
                    try {
                        // Each key's batch waits for the other key's batch to have started.
                        assertThat(both.await(5, java.util.concurrent.TimeUnit.SECONDS))
                                .isTrue();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return items.stream().map(Batcher.Result::ok).toList();
                });
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> a = pool.submit(() -> batcher.submit("a", "x"));
            Future<String> b = pool.submit(() -> batcher.submit("b", "y"));
            assertThat(a.get()).isEqualTo("x");
            assertThat(b.get()).isEqualTo("y");
        }
    }

    @Test
    void perItemFailuresAndAFailingRunnerReachOnlyTheirCallers() throws Exception {
        Batcher<String, Integer, Integer> batcher =
                new Batcher<>("test", 8, THREADS, new SimpleMeterRegistry(), items -> {
                    if (items.contains(13)) {
                        throw new IllegalStateException("unlucky batch");
                    }
                    return items.stream()
                            .map(i -> i % 2 == 0
                                    ? Batcher.Result.ok(i)
                                    : Batcher.Result.<Integer>failed(new IllegalArgumentException("odd " + i)))
                            .toList();
                });
        assertThat(batcher.submit("k", 4)).isEqualTo(4);
        assertThatThrownBy(() -> batcher.submit("k", 5)).hasMessage("odd 5");
        assertThatThrownBy(() -> batcher.submit("k", 13)).hasMessage("unlucky batch");
        // The lane keeps working after a failed batch.
        Map<Integer, Integer> results = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i += 2) {
                int item = i;
                pool.submit(() -> results.put(item, batcher.submit("k", item)));
            }
        }
        assertThat(results).hasSize(25).allSatisfy((k, v) -> assertThat(v).isEqualTo(k));
    }
}
