package jobdispatch.batching;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.ProcessingException;

/**
 * Sends the calls that wait at the same moment as one batch ("smart batching"): a caller hands
 * its item over and takes a future ({@link #submitLater}), or nothing ({@link #offer}); a sender thread takes whatever has queued up (at most {@code max})
 * and makes one call for all of it. Alone, a call goes out at once; under load, batches grow by
 * themselves while the previous one is on its way. With more than one sender, that many calls may
 * be on their way at once: an item waits for a free sender rather than for the one call out,
 * at the price of smaller batches. Nothing is held back waiting for a batch to fill,
 * unless the batcher was given a linger: then a batch that is not full waits up to that long after
 * its first item for more (for calls nobody waits on, where fewer and larger calls save CPU).
 *
 * @param <I> what a caller sends
 * @param <O> what it gets back
 */
public final class Batcher<I, O> {

    /** One call for many items: a result per item, in order, or for each item the exception it gets. */
    public interface BatchCall<I, O> {
        List<Outcome<O>> call(List<I> items);
    }

    /** What one item got: its result, or the exception its caller throws. */
    public record Outcome<O>(O value, Exception failure) {

        public static <O> Outcome<O> of(O value) {
            return new Outcome<>(value, null);
        }

        public static <O> Outcome<O> failed(Exception failure) {
            return new Outcome<>(null, failure);
        }
    }

    /** What became of an item handed over without waiting. */
    public enum Offered { QUEUED, FULL, STOPPED }

    /** An item and where its outcome goes: nowhere for an item offered without waiting. */
    private record Pending<I, O>(I item, CompletableFuture<O> result) {

        void complete(O value) {
            if (result != null) {
                result.complete(value);
            }
        }

        void fail(Throwable failure) {
            if (result != null) {
                result.completeExceptionally(failure);
            }
        }
    }

    private static final Logger LOG = Logger.getLogger(Batcher.class.getName());
    private static final long LINGER_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final LinkedBlockingQueue<Pending<I, O>> queue;
    private final BatchCall<I, O> call;
    private final int max;
    private final long lingerNanos;
    private final List<Thread> senders;
    private volatile boolean stopped;
    private volatile Runnable afterEachBatch = () -> { };

    public Batcher(String name, int max, BatchCall<I, O> call, ThreadFactory threads) {
        this(name, max, Integer.MAX_VALUE, call, threads);
    }

    /**
     * At most {@code capacity} items wait: {@link #offer} refuses more (a caller of
     * {@link #submitLater} holds a future for its item, so the callers' own number bounds those).
     */
    public Batcher(String name, int max, int capacity, BatchCall<I, O> call, ThreadFactory threads) {
        this(name, max, capacity, 0, call, threads);
    }

    /**
     * A batch that is not full waits up to {@code lingerMillis} after its first item was taken
     * for more items (0: not at all), then goes out with what it has.
     */
    public Batcher(String name, int max, int capacity, long lingerMillis, BatchCall<I, O> call, ThreadFactory threads) {
        this(name, max, capacity, lingerMillis, 1, call, threads);
    }

    /**
     * As above, with {@code senders} threads, each making one call at a time: up to that many
     * calls are on their way at once. The second and later are named {@code name-2}, ...
     */
    public Batcher(String name, int max, int capacity, long lingerMillis, int senders, BatchCall<I, O> call, ThreadFactory threads) {
        if (lingerMillis < 0) {
            throw new IllegalArgumentException("a linger of " + lingerMillis + " ms");
        }
        if (senders < 1) {
            throw new IllegalArgumentException(senders + " senders");
        }
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.call = call;
        this.max = max;
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        List<Thread> started = new ArrayList<>(senders);
        for (int k = 1; k <= senders; k++) {
            Thread sender = threads.newThread(this::send);
            sender.setName(k == 1 ? name : name + "-" + k);
            sender.setDaemon(true);
            started.add(sender);
        }
        this.senders = List.copyOf(started);
        this.senders.forEach(Thread::start);
    }

    /**
     * Hands the item over and returns at once: the future completes on the sender thread once the
     * batch has been answered (dependent actions given to it before then run there too, and must
     * be short), or fails with the exception of the call: the item's own, or the call's unchecked
     * one ({@link ProcessingException} when the batcher has stopped).
     */
    public CompletableFuture<O> submitLater(I item) {
        if (stopped) {
            return CompletableFuture.failedFuture(new ProcessingException("stopping"));
        }
        CompletableFuture<O> result = new CompletableFuture<>();
        Pending<I, O> pending = new Pending<>(item, result);
        queue.add(pending);
        if (stopped && senders.stream().noneMatch(Thread::isAlive) && queue.remove(pending)) {
            // queued just as the senders stopped: it never goes out
            pending.fail(new ProcessingException("stopping"));
        }
        return result;
    }

    /** Runs on the sender thread after each batch's outcomes have been handed out. */
    public void afterEachBatch(Runnable hook) {
        this.afterEachBatch = hook;
    }

    /** Hands the item over without waiting for what comes of it, unless the batcher has stopped or its queue is full. */
    public Offered offer(I item) {
        if (stopped) {
            return Offered.STOPPED;
        }
        return queue.offer(new Pending<>(item, null)) ? Offered.QUEUED : Offered.FULL;
    }

    private void send() {
        List<Pending<I, O>> batch = new ArrayList<>(max);
        while (!stopped) {
            try {
                Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, max - 1);
                if (lingerNanos > 0) {
                    linger(batch);
                }
                deliver(batch);
                afterBatch();
            } catch (InterruptedException e) {
                break;
            } finally {
                batch.clear();
            }
        }
        // whatever is left never went out: its callers learn it (the worker requeues their messages)
        List<Pending<I, O>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.fail(new ProcessingException("stopping")));
    }

    /**
     * Adds what arrives within the linger, until the batch is full or the batcher stops. The
     * sender sleeps meanwhile (in steps, so that a stop or a full batch is seen soon) rather than
     * waking for each item, which would cost the wake-ups the linger is there to save. An
     * interrupt ends the wait and is kept for the loop: the batch taken still goes out.
     */
    private void linger(List<Pending<I, O>> batch) {
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < max && !stopped) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            if (queue.size() < max - batch.size()) {
                LockSupport.parkNanos(this, Math.min(left, LINGER_STEP_NANOS));
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            queue.drainTo(batch, max - batch.size());
        }
        queue.drainTo(batch, max - batch.size());
    }

    private void afterBatch() {
        try {
            afterEachBatch.run();
        } catch (RuntimeException | Error e) {
            // the sender must outlive its hook too
            LOG.log(Level.WARNING, Thread.currentThread().getName() + ": the after-batch action failed", e);
        }
    }

    private void deliver(List<Pending<I, O>> batch) {
        List<Outcome<O>> outcomes;
        try {
            outcomes = call.call(batch.stream().map(Pending::item).toList());
        } catch (RuntimeException e) {
            batch.forEach(p -> p.fail(e));
            return;
        } catch (Error e) {
            // the sender must outlive any failure, or its callers would wait for good
            ProcessingException failed = new ProcessingException(e);
            batch.forEach(p -> p.fail(failed));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Outcome<O> outcome = i < outcomes.size() ? outcomes.get(i)
                    : Outcome.failed(new ProcessingException("the call answered fewer results than items"));
            if (outcome.failure() != null) {
                batch.get(i).fail(outcome.failure());
            } else {
                batch.get(i).complete(outcome.value());
            }
        }
    }

    /** Stops the senders once what is queued now has gone out (or after the wait). */
    public void stop(long waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (!queue.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopped = true;
        try {
            for (Thread sender : senders) {
                sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
