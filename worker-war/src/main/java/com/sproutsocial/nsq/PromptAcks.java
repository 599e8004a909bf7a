package com.sproutsocial.nsq;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a connection's buffered FIN, REQ and TOUCH commands to nsqd now. nsq-j 1.2 buffers them
 * until a third of max-in-flight have queued up (or a second has passed), and nsqd counts a
 * message in flight until its FIN arrives: a worker whose jobs end in batches would otherwise
 * hold a third of its slots with jobs already done. nsq-j has no public way to flush, hence
 * this class in its package (nsq-j's jar is not sealed). It reads the message's connection, a
 * private field, and calls the same flush nsq-j calls itself, under the same lock.
 */
public final class PromptAcks {

    private static final Logger LOG = Logger.getLogger(PromptAcks.class.getName());
    private static final VarHandle CONNECTION = connectionField();

    private PromptAcks() {
    }

    private static VarHandle connectionField() {
        try {
            return MethodHandles.privateLookupIn(NSQMessage.class, MethodHandles.lookup())
                    .findVarHandle(NSQMessage.class, "connection", SubConnection.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "this nsq-j has no NSQMessage.connection: FIN and REQ go out when nsq-j flushes them", e);
            return null;
        }
    }

    /** Flushes the connections these messages came from, each once. */
    public static void flush(Collection<? extends Message> messages) {
        if (CONNECTION == null) {
            return;
        }
        Set<SubConnection> connections = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Message message : messages) {
            if (message instanceof NSQMessage nsq) {
                connections.add((SubConnection) CONNECTION.get(nsq));
            }
        }
        connections.forEach(PromptAcks::flush);
    }

    private static void flush(SubConnection connection) {
        synchronized (connection) {
            try {
                connection.flush();
            } catch (IOException e) {
                // the connection is broken: nsq-j closes it at its next read or write, and nsqd
                // requeues the messages it had in flight there
                LOG.log(Level.FINE, "flushing " + connection + " failed", e);
            }
        }
    }
}
