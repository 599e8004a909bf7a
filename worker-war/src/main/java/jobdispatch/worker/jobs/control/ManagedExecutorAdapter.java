package jobdispatch.worker.jobs.control;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker's job threads, on the container's ManagedExecutorService, as an ExecutorService
 * that can be shut down (a managed executor forbids that): here shutdown only stops taking work,
 * and waiting for termination waits for the running tasks.
 *
 * <p>The managed executor runs {@code threads} long-lived tasks that take the messages from a
 * queue, rather than one task per message: Payara captures a task's context with a service-loader
 * scan of the class path each time, 5 % of the worker's CPU when every message was a task.
 *
 * <p>A thread is woken for queued work only when no other thread is awake and looking for some
 * ("searching"): a blocking queue wakes a thread per task, in a cascade, and in a burst of short
 * jobs each thread then ran one job and parked again (parking and waking them were 16 % of
 * Payara's CPU in e2e, with both WARs on one instance). Here the threads that are awake take the burst up as they
 * come back, and another is woken whenever the last searching thread takes a task while more are
 * queued: a task never waits behind a handler that blocks while a thread is idle.
 */
public class ManagedExecutorAdapter extends AbstractExecutorService {

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Threads parked (or about to park) for want of work, the last to park first. */
    private final ConcurrentLinkedDeque<Thread> idle = new ConcurrentLinkedDeque<>();
    /** Threads awake without a task, counting those woken and not yet looking. */
    private final AtomicInteger searching = new AtomicInteger();
    private final Object lock = new Object();
    private int running;
    private int alive;
    private volatile boolean shutdown;

    public ManagedExecutorAdapter(Executor delegate, int threads) {
        for (int i = 0; i < threads; i++) {
            searching.incrementAndGet();
            synchronized (lock) {
                alive++;
            }
            delegate.execute(this::takeTasks);
        }
    }

    private void takeTasks() {
        Thread self = Thread.currentThread();
        try {
            while (true) {
                Runnable task = tasks.poll();
                if (task != null) {
                    // the last searching thread takes a task: another comes for those still queued,
                    // in case this one blocks
                    if (searching.decrementAndGet() == 0 && !tasks.isEmpty()) {
                        wakeOne();
                    }
                    try {
                        task.run();
                    } catch (RuntimeException | Error e) {
                        // the handler's own problem (JobRunner reports jobs); this thread keeps taking work
                    } finally {
                        done();
                    }
                    searching.incrementAndGet();
                    continue;
                }
                if (shutdown) {
                    // nothing is queued after the shutdown: once the queue is empty, this thread ends
                    if (tasks.isEmpty()) {
                        searching.decrementAndGet();
                        return;
                    }
                    continue;
                }
                idle.addFirst(self);
                // a task queued after the poll above, while this thread still counted as searching,
                // woke no one: it must not wait for the next one
                if (searching.decrementAndGet() == 0 && !tasks.isEmpty()) {
                    wakeOne();
                }
                if (!shutdown) {
                    // a job's timeout can interrupt this thread just after its job ended: that must
                    // not keep it from parking
                    Thread.interrupted();
                    LockSupport.park(this);
                }
                if (idle.remove(self)) {
                    // not woken by another thread (a spurious return, or the shutdown): searching again
                    searching.incrementAndGet();
                }
            }
        } finally {
            synchronized (lock) {
                alive--;
                lock.notifyAll();
            }
        }
    }

    /** Wakes the thread that parked last, if any, counting it as searching from now on; false when none was parked. */
    private boolean wakeOne() {
        Thread thread = idle.pollFirst();
        if (thread == null) {
            return false;
        }
        searching.incrementAndGet();
        LockSupport.unpark(thread);
        return true;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException("worker is stopping");
            }
            running++;
            // queued under the lock: a thread that sees the shutdown sees every task taken before it
            tasks.add(task);
        }
        if (searching.get() == 0) {
            wakeOne();
        }
    }

    private void done() {
        synchronized (lock) {
            running--;
            lock.notifyAll();
        }
    }

    /** Stops taking tasks; those queued still run, then each thread ends. */
    @Override
    public void shutdown() {
        synchronized (lock) {
            if (shutdown) {
                return;
            }
            shutdown = true;
        }
        while (wakeOne()) {
            // every parked thread, to see the shutdown
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        synchronized (lock) {
            return shutdown && running == 0;
        }
    }

    /** Waits until the tasks taken before the shutdown have run. */
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

    /** How many of its threads have not ended yet (they end after a shutdown, once the queue is empty). */
    int threadsAlive() {
        synchronized (lock) {
            return alive;
        }
    }
}
