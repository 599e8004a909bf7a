package jobdispatch.worker.jobs.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The job threads' scheduling, on plain threads in place of the container's managed executor. */
class ManagedExecutorAdapterTest {

    private static final Executor THREADS = task -> {
        Thread thread = new Thread(task, "job-thread");
        thread.setDaemon(true);
        thread.start();
    };

    private ManagedExecutorAdapter executor;

    @AfterEach
    void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void tasksThatBlockEachGetAThreadOfTheirOwnUpToTheLimit() throws InterruptedException {
        executor = new ManagedExecutorAdapter(THREADS, 8);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(8);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            executor.execute(() -> {
                started.countDown();
                await(release);
                ran.incrementAndGet();
            });
        }
        assertTrue(started.await(5, TimeUnit.SECONDS), "no task waits behind a blocked one while a thread is idle");
        TimeUnit.MILLISECONDS.sleep(100);
        assertEquals(0, ran.get());
        release.countDown();
        awaitCount(ran, 10);
    }

    @Test
    void aTaskQueuedWhileEveryOtherThreadBlocksWakesAnIdleOne() throws InterruptedException {
        executor = new ManagedExecutorAdapter(THREADS, 4);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 3; i++) {
            executor.execute(() -> await(release));
        }
        for (int round = 0; round < 100; round++) {
            CountDownLatch ran = new CountDownLatch(1);
            executor.execute(ran::countDown);
            assertTrue(ran.await(5, TimeUnit.SECONDS), "round " + round + ": the fourth thread took the task");
        }
        release.countDown();
    }

    @Test
    void burstsOfShortTasksFromSeveralThreadsAllRun() throws InterruptedException {
        executor = new ManagedExecutorAdapter(THREADS, 50);
        AtomicInteger ran = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    executor.execute(() -> {
                        threads.add(Thread.currentThread().getName() + Thread.currentThread().getId());
                        ran.incrementAndGet();
                    });
                    if (i % 1000 == 0) {
                        Thread.yield();
                    }
                }
            });
            producers.add(producer);
            producer.start();
        }
        for (Thread producer : producers) {
            producer.join();
        }
        awaitCount(ran, 200_000);
        assertTrue(threads.size() <= 50, threads.size() + " threads");
    }

    @Test
    void anInterruptLeftOverFromATaskDoesNotStopTheThread() throws InterruptedException {
        executor = new ManagedExecutorAdapter(THREADS, 1);
        executor.execute(() -> Thread.currentThread().interrupt());
        TimeUnit.MILLISECONDS.sleep(50);
        CountDownLatch ran = new CountDownLatch(1);
        executor.execute(ran::countDown);
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        assertEquals(1, executor.threadsAlive());
    }

    @Test
    void shutdownRunsWhatIsQueuedThenEndsEveryThreadAndRefusesMore() throws InterruptedException {
        executor = new ManagedExecutorAdapter(THREADS, 2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 6; i++) {
            executor.execute(() -> {
                await(release);
                ran.incrementAndGet();
            });
        }
        executor.shutdown();
        assertTrue(executor.isShutdown());
        assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> { }));
        assertFalse(executor.awaitTermination(100, TimeUnit.MILLISECONDS), "two tasks are still running");
        assertFalse(executor.isTerminated());
        release.countDown();
        assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
        assertEquals(6, ran.get(), "the tasks queued before the shutdown ran");
        assertTrue(executor.isTerminated());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (executor.threadsAlive() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertEquals(0, executor.threadsAlive(), "every thread ended");
    }

    @Test
    void idleThreadsEndAtShutdown() throws InterruptedException {
        executor = new ManagedExecutorAdapter(THREADS, 16);
        TimeUnit.MILLISECONDS.sleep(100);
        executor.shutdown();
        assertTrue(executor.awaitTermination(1, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (executor.threadsAlive() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertEquals(0, executor.threadsAlive());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitCount(AtomicInteger count, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count.get() < expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assertEquals(expected, count.get());
    }
}
