package io.tbmock.server.internal.tb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Tells listeners (the telemetry WebSocket) which devices' attributes changed without a journal event saying so:
 * values set through an API, and what the device state service writes. Listeners are told on the notifier thread,
 * never on the thread that changed the attributes (an MQTT event loop, the timer).
 */
public final class AttributeChanges {
    private static final Logger LOG = LoggerFactory.getLogger(AttributeChanges.class);
    private final Executor notifier;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public AttributeChanges(Executor notifier) {
        this.notifier = notifier;
    }

    /** @param listener told the name of each device whose attributes changed */
    public void listen(Consumer<String> listener) {
        listeners.add(listener);
    }

    private static void tell(Consumer<String> listener, String device) {
        try {
            listener.accept(device);
        } catch (RuntimeException e) { // one listener's failure keeps the others told
            LOG.warn("an attribute-change listener failed for device '{}'", device, e);
        }
    }

    void changed(String device) {
        changed(List.of(device));
    }

    void changed(Collection<String> devices) {
        if (listeners.isEmpty() || devices.isEmpty()) {
            return;
        }
        List<String> names = List.copyOf(devices);
        try {
            notifier.execute(() -> names.forEach(name -> listeners.forEach(listener -> tell(listener, name))));
        } catch (RejectedExecutionException stopped) {
            // the server is stopping: nobody is left to tell
        }
    }
}
