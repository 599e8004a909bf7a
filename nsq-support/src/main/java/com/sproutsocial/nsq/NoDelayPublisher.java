package com.sproutsocial.nsq;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An nsq-j publisher whose connection to nsqd sends each write at once ({@code TCP_NODELAY}).
 *
 * <p>nsq-j 1.2 leaves Nagle's algorithm on and writes through an 8 KiB buffer: a PUB or MPUB
 * larger than that leaves in several writes, and the kernel holds the last one until nsqd has
 * acknowledged those before it, which nsqd's kernel delays by up to 40 ms. A job with a 20 KB
 * payload took 44 ms to submit instead of 2, and a batch of 1000 jobs stalled so in about 4
 * publishes of 10. A publisher waits for nsqd's answer to each command anyway, so Nagle's
 * algorithm saves it nothing. (The worker's subscriber keeps it: there it gathers FINs into
 * fewer packets, and nsqd spent 40 % more CPU without it.)
 *
 * <p>nsq-j creates its socket inside the connection and offers no way to set an option, hence
 * this class in its package (nsq-j's jar is not sealed): after each publish it finds the
 * connection's socket under the streams nsq-j wrapped around it and sets the option, once per
 * connection (nsq-j connects inside a publish: the first one over a new connection still goes
 * as before). That reads private fields of the JDK's {@code java.io} and {@code java.net}
 * streams, which the JVM allows when those packages are open to the application, as Payara
 * Micro's launcher and Payara Server open them. Where they are not, or where the connection is
 * TLS or snappy (no plain socket stream underneath), the publisher works as nsq-j's does and
 * says so in the log.
 */
public class NoDelayPublisher extends Publisher {

    private static final Logger LOG = Logger.getLogger(NoDelayPublisher.class.getName());

    /** How to reach a connection's socket, or null when the JVM does not allow it. */
    private static final class Access {
        static final VarHandle CONNECTION;
        static final VarHandle FILTERED;
        static final Class<?> SOCKET_STREAM;
        static final VarHandle SOCKET;

        static {
            VarHandle connection = null;
            VarHandle filtered = null;
            Class<?> socketStream = null;
            VarHandle socket = null;
            try {
                connection = MethodHandles.privateLookupIn(Publisher.class, MethodHandles.lookup())
                        .findVarHandle(Publisher.class, "con", PubConnection.class);
                filtered = MethodHandles.privateLookupIn(FilterOutputStream.class, MethodHandles.lookup())
                        .findVarHandle(FilterOutputStream.class, "out", OutputStream.class);
                socketStream = Class.forName("java.net.Socket$SocketOutputStream");
                socket = MethodHandles.privateLookupIn(socketStream, MethodHandles.lookup())
                        .findVarHandle(socketStream, "parent", Socket.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.WARNING, "nsqd publishes keep Nagle's algorithm (a PUB or MPUB over 8 KiB may wait up to 40 ms): "
                        + "the connection's socket cannot be reached (" + e + "); it needs java.base/java.io and "
                        + "java.base/java.net open to the application (--add-opens), as Payara Micro and Payara Server open them");
                connection = null;
            }
            CONNECTION = connection;
            FILTERED = filtered;
            SOCKET_STREAM = socketStream;
            SOCKET = socket;
        }

        private Access() {
        }
    }

    /** The connection whose socket was looked at last; guarded by this publisher's lock, as nsq-j's own fields are. */
    private Object seen;

    public NoDelayPublisher(Client client, String nsqd, String failoverNsqd) {
        super(client, nsqd, failoverNsqd);
    }

    @Override
    public synchronized void publish(String topic, byte[] data) {
        super.publish(topic, data);
        noDelay();
    }

    @Override
    public synchronized void publish(String topic, List<byte[]> dataList) {
        super.publish(topic, dataList);
        noDelay();
    }

    @Override
    public synchronized void publishDeferred(String topic, byte[] data, long delay, TimeUnit unit) {
        super.publishDeferred(topic, data, delay, unit);
        noDelay();
    }

    /** nsq-j connects within the first publish (and again after a failure): each new connection gets the option once. */
    private void noDelay() {
        if (Access.CONNECTION == null) {
            return;
        }
        Object connection = Access.CONNECTION.get(this);
        if (connection == null || connection == seen) {
            return;
        }
        seen = connection;
        Socket socket = socket((Connection) connection);
        if (socket == null) {
            LOG.info(() -> "nsqd publishes over " + connection + " keep Nagle's algorithm: no plain socket under its streams (TLS or snappy)");
            return;
        }
        try {
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            // the connection is broken: nsq-j finds out at its next write, and connects again
            LOG.log(Level.FINE, "TCP_NODELAY not set on " + connection, e);
        }
    }

    /** The socket nsq-j writes this publisher's commands to, or null (not connected, not allowed, or no plain socket). */
    static Socket socketOf(Publisher publisher) {
        if (Access.CONNECTION == null) {
            return null;
        }
        Object connection;
        synchronized (publisher) {
            connection = Access.CONNECTION.get(publisher);
        }
        return connection == null ? null : socket((Connection) connection);
    }

    /** Unwraps the connection's output (nsq-j's DataOutputStream, its buffer, a deflater) down to the socket's own stream. */
    private static Socket socket(Connection connection) {
        OutputStream stream;
        synchronized (connection) {
            stream = connection.out;
        }
        for (int depth = 0; depth < 8 && stream != null; depth++) {
            if (Access.SOCKET_STREAM.isInstance(stream)) {
                return (Socket) Access.SOCKET.get(stream);
            }
            if (!(stream instanceof FilterOutputStream)) {
                return null;
            }
            stream = (OutputStream) Access.FILTERED.get(stream);
        }
        return null;
    }
}
