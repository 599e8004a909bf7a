package jobdispatch.worker.jobs.control;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.concurrent.ManagedExecutorService;

/**
 * Lets nsq-j run its message handlers on the container's ManagedExecutorService. nsq-j shuts
 * its executor down when it stops, which a managed executor forbids; here shutdown only stops
 * taking work and waiting for termination waits for the running handlers.
 */
public class ManagedExecutorAdapter extends AbstractExecutorService {

    private final ManagedExecutorService delegate;
    private final Object lock = new Object();
    private int running;
    private boolean shutdown;

    public ManagedExecutorAdapter(ManagedExecutorService delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException("worker is stopping");
            }
            running++;
        }
        try {
            delegate.execute(() -> {
                try {
                    task.run();
                } finally {
                    done();
                }
            });
        } catch (RuntimeException e) {
            done();
            throw e;
        }
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
            shutdown = true;
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
