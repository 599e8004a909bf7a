package jobdispatch.worker.jobs.control;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.concurrent.ManagedExecutorService;

/**
 * The worker's job threads, on the container's ManagedExecutorService, as an ExecutorService
 * that can be shut down (a managed executor forbids that): here shutdown only stops taking work,
 * and waiting for termination waits for the running tasks.
 *
 * <p>The managed executor runs {@code threads} long-lived tasks that take the messages from a
 * queue, rather than one task per message: Payara captures a task's context with a service-loader
 * scan of the class path each time, 5 % of the worker's CPU when every message was a task.
 */
public class ManagedExecutorAdapter extends AbstractExecutorService {

    /** Queued behind the last task once shutting down, one per thread: it tells a thread to end. */
    private static final Runnable END = () -> { };

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final int threads;
    private final Object lock = new Object();
    private int running;
    private boolean shutdown;

    public ManagedExecutorAdapter(ManagedExecutorService delegate, int threads) {
        this.threads = threads;
        for (int i = 0; i < threads; i++) {
            delegate.execute(this::takeTasks);
        }
    }

    private void takeTasks() {
        while (true) {
            Runnable task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                // a job's timeout can interrupt its thread just after the job ended: that thread
                // keeps serving; once stopping, what is still queued is nsqd's to deliver again
                if (isShutdown()) {
                    return;
                }
                continue;
            }
            if (task == END) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // the handler's own problem (JobRunner reports jobs); this thread keeps taking work
            } finally {
                done();
            }
        }
    }

    @Override
    public void execute(Runnable task) {
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException("worker is stopping");
            }
            running++;
        }
        tasks.add(task);
    }

    private void done() {
        synchronized (lock) {
            running--;
            lock.notifyAll();
        }
    }

    @Override
    public void shutdown() {
        synchronized (lock) {
            if (shutdown) {
                return;
            }
            shutdown = true;
        }
        // behind what is queued: those tasks still run, then each thread ends
        for (int i = 0; i < threads; i++) {
            tasks.add(END);
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        synchronized (lock) {
            return shutdown;
        }
    }

    @Override
    public boolean isTerminated() {
        synchronized (lock) {
            return shutdown && running == 0;
        }
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }
}
