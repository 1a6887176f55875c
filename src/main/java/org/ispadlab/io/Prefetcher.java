package org.ispadlab.io;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * Items 0..count-1 computed {@code ahead} in advance on daemon worker threads, handed out in order: data loading
 * and augmentation overlap the training step. {@link #waitedNanos()} tells how long the consumer waited;
 * closing stops the workers.
 */
public final class Prefetcher<T> implements AutoCloseable {

    private final IntFunction<T> producer;
    private final int count;
    private final ExecutorService workers;
    private final Deque<CompletableFuture<T>> inFlight = new ArrayDeque<>();
    private int submitted;
    private long waited;

    public Prefetcher(IntFunction<T> producer, int count, int threads, int ahead) {
        this.producer = producer;
        this.count = count;
        this.workers = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "batch-loader");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < Math.max(ahead, threads); i++) {
            submit();
        }
    }

    private void submit() {
        if (submitted < count) {
            int index = submitted++;
            inFlight.addLast(CompletableFuture.supplyAsync(() -> producer.apply(index), workers));
        }
    }

    /** The next item; waits if it is not ready yet. */
    public T next() {
        CompletableFuture<T> head = inFlight.removeFirst();
        submit();
        long t0 = System.nanoTime();
        T item = head.join();
        waited += System.nanoTime() - t0;
        return item;
    }

    /** Total time {@link #next()} blocked because the item was not ready yet. */
    public long waitedNanos() {
        return waited;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
