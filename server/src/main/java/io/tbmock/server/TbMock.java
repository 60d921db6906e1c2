package io.tbmock.server;

import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceAttributes;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventPage;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.SessionInfo;
import io.tbmock.server.model.TsValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The handle a test drives the mock with: set devices up, read what they sent, wait for what they do,
 * reset. The admin REST API is a thin HTTP mapping of this interface. Devices are addressed by name.
 *
 * <p>Every method is thread-safe. The {@code await…} methods block the calling thread (never a server
 * thread) up to the given timeout and throw {@link WaitTimeoutException} naming what was expected and what
 * arrived instead; the {@code …Async} forms return futures and block nothing.
 */
public interface TbMock {

    // --- server -----------------------------------------------------------------------------------------

    /**
     * Forgets everything: devices, recorded data and events; closes every MQTT session. Returns once the
     * sessions are closed, so nothing of them shows up afterwards.
     */
    void reset();

    /** {@link #reset()} without blocking: completes once done. */
    CompletableFuture<Void> resetAsync();

    /** Forgets recorded data only (telemetry, client attributes, events); devices and sessions stay. */
    void resetData();

    // --- devices ----------------------------------------------------------------------------------------

    /**
     * Creates a device.
     *
     * @throws InvalidRequestException a field is missing or invalid
     * @throws ConflictException       the name or the credentials are already taken
     */
    Device createDevice(NewDevice device);

    List<Device> devices();

    /** @throws NotFoundException no device has that name */
    Device device(String name);

    /** Deletes the device and closes its MQTT session. @throws NotFoundException no device has that name */
    void deleteDevice(String name);

    /** The device's MQTT session, {@link SessionInfo#DISCONNECTED} when it has none. */
    SessionInfo session(String device);

    /**
     * Closes the device's MQTT connection now, as a network fault would.
     *
     * @throws ConflictException the device is not connected
     */
    void disconnect(String device);

    // --- recorded data ----------------------------------------------------------------------------------

    /** Every telemetry value received, per key, oldest first; only the given keys when any are given. */
    Map<String, List<TsValue>> telemetry(String device, String... keys);

    /** The latest value of each telemetry key; only the given keys when any are given. */
    Map<String, KvValue> latestTelemetry(String device, String... keys);

    DeviceAttributes attributes(String device);

    // --- event journal ----------------------------------------------------------------------------------

    /** The events recorded so far that match, at once. */
    EventPage events(EventFilter filter);

    /**
     * Completes as soon as at least one matching event exists, with the matching events; or, when the
     * timeout passes first, with an empty page.
     */
    CompletableFuture<EventPage> eventsAsync(EventFilter filter, Duration timeout);

    /** Waits for the first event that matches and returns it. */
    Event awaitEvent(EventFilter filter, Duration timeout);

    /** Waits until the device's session is open and ready; returns at once if it already is. */
    SessionInfo awaitConnected(String device, Duration timeout);

    /** Waits until the device has sent a value of the key; returns the latest (at once if one exists). */
    TsValue awaitTelemetry(String device, String key, Duration timeout);

    /** Waits until the device has sent a value of the key that matches, and returns that value. */
    TsValue awaitTelemetry(String device, String key, Predicate<KvValue> matcher, Duration timeout);
}
