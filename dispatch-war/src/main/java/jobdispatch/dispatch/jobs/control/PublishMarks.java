package jobdispatch.dispatch.jobs.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records confirmed publishes in the outbox ({@link JobStore#published}) on a thread of its own,
 * several at a time in one pipeline, so that a request that submits a job does not wait for a
 * third round trip. Late or lost, a mark costs at most a second publish of the job: the outbox
 * publishes again what it still holds after {@code outbox.grace.ms}, and a job's claim takes it
 * out of the outbox and refuses a second delivery.
 */
final class PublishMarks {

    private static final Logger LOG = Logger.getLogger(PublishMarks.class.getName());
    /** The most marks that wait; beyond, a mark is dropped (the outbox's second publish covers it). */
    private static final int CAPACITY = 100_000;

    record Mark(List<String> ids, Instant dueAt) {
    }

    private final LinkedBlockingQueue<Mark> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final JobStore store;
    private final Thread writer;
    private volatile boolean stopped;

    PublishMarks(JobStore store, ThreadFactory threads) {
        this.store = store;
        this.writer = threads.newThread(this::write);
        writer.setName("outbox-publish-marks");
        writer.setDaemon(true);
        writer.start();
    }

    void add(List<String> ids, Instant dueAt) {
        if (stopped || !queue.offer(new Mark(ids, dueAt))) {
            LOG.fine(() -> "publish of " + ids + " not marked: the outbox publishes them again");
        }
    }

    private void write() {
        List<Mark> marks = new ArrayList<>();
        while (!stopped || !queue.isEmpty()) {
            try {
                Mark first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                marks.add(first);
                queue.drainTo(marks, 999);
                store.published(marks);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Redis unreachable: those jobs are published again by the outbox, nothing is lost
                LOG.log(Level.FINE, marks.size() + " publish marks not written", e);
            } finally {
                marks.clear();
            }
        }
    }

    /** Writes what waits (within the wait), then ends. */
    void stop(long waitMillis) {
        stopped = true;
        try {
            writer.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
