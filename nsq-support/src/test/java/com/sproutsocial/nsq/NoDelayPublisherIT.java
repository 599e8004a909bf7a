package com.sproutsocial.nsq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import jobdispatch.testing.TestServers;

/**
 * Against a real nsqd: the publisher's socket sends each write at once, also after it has
 * connected again, and what it publishes arrives whole. The JVM opens java.io and java.net to
 * the tests as Payara Micro's launcher does (the failsafe argLine).
 */
@ExtendWith(TestServers.Start.class)
class NoDelayPublisherIT {

    private static final String TOPIC = "nodelay_test";

    @Test
    void eachConnectionOfThePublisherHasNoNagleAndItsMessagesArriveWhole() throws Exception {
        String nsqd = TestServers.get().nsqd().tcpAddress();
        TestServers.get().nsqd().createChannel(TOPIC, "check");
        Client client = new Client();
        NoDelayPublisher publisher = new NoDelayPublisher(client, nsqd, nsqd);
        Publisher plain = new Publisher(client, nsqd, nsqd);
        LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        // nsq-j's direct subscribers use its default client
        Subscriber subscriber = new DirectSubscriber(1, nsqd);
        subscriber.subscribe(TOPIC, "check", (MessageHandler) message -> {
            received.add(message.getData());
            message.finish();
        });
        try {
            // larger than nsq-j's 8 KiB write buffer: the case Nagle's algorithm held back
            byte[] big = new byte[20_000];
            Arrays.fill(big, (byte) 'x');
            big[big.length - 1] = 'y';
            publisher.publish(TOPIC, big);
            plain.publish(TOPIC, "plain".getBytes());

            Socket first = NoDelayPublisher.socketOf(publisher);
            assertNotNull(first, "the connection's socket is found under nsq-j's streams");
            assertTrue(first.getTcpNoDelay(), "TCP_NODELAY on the publisher's connection");
            Socket plainSocket = NoDelayPublisher.socketOf(plain);
            assertNotNull(plainSocket);
            assertFalse(plainSocket.getTcpNoDelay(), "nsq-j's own publisher keeps Nagle's algorithm");

            // nsqd restarts: nsq-j connects again within a publish, and the new socket gets the option too
            TestServers.get().nsqd().restart();
            publishUntilConnected(publisher, List.of(big, big));
            Socket second = NoDelayPublisher.socketOf(publisher);
            assertNotSame(first, second);
            assertTrue(second.getTcpNoDelay(), "TCP_NODELAY on the connection made after the restart");

            // the messages of both connections: each arrived whole (one before the restart may
            // have been lost with nsqd's memory queue, none may be cut)
            int whole = 0;
            for (byte[] data; (data = received.poll(5, TimeUnit.SECONDS)) != null; ) {
                if (data.length == big.length) {
                    assertArrayEquals(big, data);
                    whole++;
                }
                if (whole >= 2 && received.isEmpty()) {
                    break;
                }
            }
            assertTrue(whole >= 2, "the MPUB after the restart arrived: " + whole + " large messages");
        } finally {
            subscriber.stop();
            publisher.stop();
            plain.stop();
            client.stop();
        }
    }

    private static void publishUntilConnected(Publisher publisher, List<byte[]> messages) throws InterruptedException {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                publisher.publish(TOPIC, messages);
                return;
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw last;
    }
}
