package org.ispadlab.kernel.eval;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * Runs each snippet in this JVM on a dedicated runner thread, so a cell can be stopped from the control
 * channel and the snippet's real result object (not just its string) reaches the display.
 */
final class CellExecutionControl extends DirectExecutionControl {

    /** How long a stopped cell may take to notice its interrupt before the runner is replaced. */
    private static final long STOP_GRACE_MS = 1500;

    private final SnippetLoaderDelegate loader;
    private final AtomicInteger runnerIds = new AtomicInteger();
    private final AtomicReference<Object> lastValue = new AtomicReference<>();
    private volatile ExecutorService runner;
    private volatile Thread runnerThread;
    private volatile Future<?> running;
    private volatile boolean stopRequested;

    CellExecutionControl(SnippetLoaderDelegate loader) {
        super(loader);
        this.loader = loader;
        this.runner = newRunner();
    }

    private ExecutorService newRunner() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "cell-runner-" + runnerIds.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(loader.classLoader());
            runnerThread = thread;
            return thread;
        });
    }

    /** The object the last snippet evaluated to, taken once. */
    Object takeLastValue() {
        return lastValue.getAndSet(null);
    }

    /** Clears the stop flag before a new cell. */
    void beginCell() {
        stopRequested = false;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        lastValue.set(null);
        Future<Object> future = runner.submit(() -> doitMethod.invoke(null));
        running = future;
        try {
            Object value = future.get();
            lastValue.set(value);
            return valueString(value);
        } catch (CancellationException | InterruptedException e) {
            throw new StoppedException();
        } catch (ExecutionException e) {
            if (stopRequested) {
                throw new StoppedException();
            }
            Throwable cause = e.getCause();
            if (cause instanceof InvocationTargetException ite) {
                throw ite;
            }
            throw new InvocationTargetException(cause);
        } finally {
            running = null;
        }
    }

    /**
     * Stops the running snippet: interrupt first (DJL training loops and sleeps honour it); a snippet
     * that ignores it is stopped hard where the JVM still allows that, else abandoned on its thread so
     * the kernel stays usable.
     */
    @Override
    public void stop() {
        Future<?> current = running;
        if (current == null) {
            return;
        }
        stopRequested = true;
        Thread thread = runnerThread;
        ExecutorService oldRunner = runner;
        current.cancel(true);
        oldRunner.shutdown();
        runner = newRunner();
        Thread reaper = new Thread(() -> reap(oldRunner, thread), "cell-reaper");
        reaper.setDaemon(true);
        reaper.start();
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void reap(ExecutorService oldRunner, Thread thread) {
        try {
            if (oldRunner.awaitTermination(STOP_GRACE_MS, TimeUnit.MILLISECONDS) || thread == null) {
                return;
            }
            thread.stop();
        } catch (UnsupportedOperationException e) {
            System.err.println("The stopped cell ignores interrupts and keeps running in the background; "
                    + "restart the kernel to end it.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
        super.close();
    }
}
