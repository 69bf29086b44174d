package io.leadline.platform;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit for one kind of write: concurrent callers with the same key (a workspace) hand their
 * items to one batch and wait for their own result. One batch per key runs at a time in this
 * process; what arrives meanwhile queues and becomes the next batch (up to {@code maxSize} items), so
 * batches grow with concurrency and an idle key adds no delay: the first item's batch starts at once
 * with that item alone. (More than one batch of a key at a time made the batches smaller and the
 * database's work per item larger: docs/performance.md.)
 *
 * <p>Batches run on {@code executor}, which should give them platform threads: a batch is a chain of
 * database round trips, and on a virtual thread each of them would queue behind every request
 * thread that is runnable meanwhile, stretching the batch (and the wait of all its callers) under
 * load.
 *
 * <p>The runner receives the items in arrival order and answers one {@link Result} per item, in the
 * same order; a runner that throws fails every item of its batch with that exception. A caller gets
 * its result only after the runner returned, so when the runner commits a transaction, nothing is
 * answered before it is durable.
 *
 * <p>Published per batcher ({@code name} tag): {@code leadline_batch_size} (items per batch),
 * {@code leadline_batch_seconds} (the runner: for a database batch, its transaction with the commit)
 * and {@code leadline_batch_wait_seconds} (a caller's wait, from joining the queue to its result). One
 * batch at a time per key means a key's throughput is at most size ÷ duration; the three together
 * show whether a slow write path is the batch itself or the queue in front of it.
 *
 * @param <K> what batches are grouped by
 * @param <I> one caller's item
 * @param <R> one caller's result
 */
public final class Batcher<K, I, R> {

    /** One item's outcome: a value, or the exception its caller throws. */
    public record Result<R>(R value, RuntimeException error) {

        public static <R> Result<R> ok(R value) {
            return new Result<>(value, null);
        }

        public static <R> Result<R> failed(RuntimeException error) {
            return new Result<>(null, error);
        }
    }

    private final int maxSize;
    private final Function<List<I>, List<Result<R>>> runner;
    private final Executor executor;
    private final ConcurrentHashMap<K, Lane<I, R>> lanes = new ConcurrentHashMap<>();
    private final DistributionSummary sizes;
    private final Timer durations;
    private final Timer waits;

    public Batcher(
            String name,
            int maxSize,
            Executor executor,
            MeterRegistry meters,
            Function<List<I>, List<Result<R>>> runner) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1");
        }
        this.maxSize = maxSize;
        this.runner = runner;
        this.executor = executor;
        this.sizes = DistributionSummary.builder("leadline.batch.size")
                .description("Items per batch of a group-committed write")
                .tag("name", name)
                .register(meters);
        this.durations = Timer.builder("leadline.batch")
                .description("Time a batch's runner took (a database batch: its transaction with the commit)")
                .tag("name", name)
                .register(meters);
        this.waits = Timer.builder("leadline.batch.wait")
                .description("Time a caller waited for its batch's result, queue included")
                .tag("name", name)
                .register(meters);
    }

    /** Runs {@code item} in the key's next batch and answers its result (or throws its error). */
    public R submit(K key, I item) {
        long joined = System.nanoTime();
        Lane<I, R> lane = lanes.computeIfAbsent(key, k -> new Lane<>());
        Waiter<I, R> me = new Waiter<>(item);
        boolean start;
        lane.lock.lock();
        try {
            lane.queue.add(me);
            start = !lane.running;
            lane.running = true;
        } finally {
            lane.lock.unlock();
        }
        if (start) {
            try {
                executor.execute(() -> drain(lane));
            } catch (RuntimeException e) {
                lane.lock.lock();
                try {
                    lane.running = false;
                    lane.queue.remove(me);
                } finally {
                    lane.lock.unlock();
                }
                throw e;
            }
        }
        Result<R> result = me.done.join();
        waits.record(System.nanoTime() - joined, TimeUnit.NANOSECONDS);
        if (result.error() != null) {
            throw result.error();
        }
        return result.value();
    }

    /** Runs batches of the lane one after another until its queue is empty. */
    private void drain(Lane<I, R> lane) {
        while (true) {
            List<Waiter<I, R>> batch = new ArrayList<>();
            lane.lock.lock();
            try {
                while (batch.size() < maxSize && !lane.queue.isEmpty()) {
                    batch.add(lane.queue.poll());
                }
                if (batch.isEmpty()) {
                    lane.running = false;
                    return;
                }
            } finally {
                lane.lock.unlock();
            }
            List<Result<R>> results;
            long started = System.nanoTime();
            try {
                results = runner.apply(batch.stream().map(w -> w.item).toList());
                if (results.size() != batch.size()) {
                    throw new IllegalStateException(
                            "batch runner answered " + results.size() + " results for " + batch.size() + " items");
                }
            } catch (RuntimeException | Error e) {
                RuntimeException error = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                results =
                        batch.stream().<Result<R>>map(w -> Result.failed(error)).toList();
            }
            durations.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            sizes.record(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done.complete(results.get(i));
            }
        }
    }

    private static final class Lane<I, R> {
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Waiter<I, R>> queue = new ArrayDeque<>();
        /** Whether a drain loop of this key is running (it takes what queues until the queue is empty). */
        boolean running;
    }

    private static final class Waiter<I, R> {
        final I item;
        final CompletableFuture<Result<R>> done = new CompletableFuture<>();

        Waiter(I item) {
            this.item = item;
        }
    }
}
