package jobdispatch.worker.jobs.control;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * nsq-j's handler executor: runs the handler on the connection's reader thread. The handler
 * ({@link JobRunner#receive}) only queues the message for a job thread, so it never blocks the
 * reader; what runs jobs, and how many at once, is the runner's business. nsq-j shuts this down
 * when its client stops; there is nothing to wait for then (the runner gives messages that still
 * arrive while the worker stops back to nsqd).
 */
public final class ReaderThreadExecutor extends AbstractExecutorService {

    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }
}
