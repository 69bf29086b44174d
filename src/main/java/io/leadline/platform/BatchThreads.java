package io.leadline.platform;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The platform threads that run {@link Batcher} batches: at most {@link #THREADS} at once (more
 * than the database pool could serve), created on demand and ended after a minute without work;
 * batches of further busy workspaces queue for a thread. On shutdown, batches already running or
 * queued finish (their callers are requests the web server is still draining).
 */
@Component
public class BatchThreads implements Executor, DisposableBean {

    static final int THREADS = 32;

    private final AtomicInteger count = new AtomicInteger();
    private final ThreadPoolExecutor pool =
            new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "leadline-batch-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    BatchThreads() {
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    @Override
    public void destroy() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(20, TimeUnit.SECONDS);
    }
}
