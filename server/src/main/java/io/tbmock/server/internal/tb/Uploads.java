package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Telemetry and client attributes a device uploads, by any transport: converted whole by the session's codec as
 * ThingsBoard's converters convert them (docs/thingsboard-mqtt.md §4.1), stored, fed to the OTA progress, journaled.
 * A refused payload stores nothing.
 */
public final class Uploads {
    private final Exchanges exchanges;
    private final OtaService ota;
    private final LongSupplier clock;

    public Uploads(Exchanges exchanges, OtaService ota, LongSupplier clock) {
        this.exchanges = exchanges;
        this.ota = ota;
        this.clock = clock;
    }

    /**
     * @param where the topic or path it came on, for the journal
     * @return how many timestamped sets of values it held
     */
    public int telemetry(DeviceContext from, String where, byte[] payload) throws PayloadException {
        DeviceEntry device = from.device();
        List<UploadParser.TsEntry> entries = from.codec().telemetry(payload, clock.getAsLong());
        entries.forEach(entry -> {
            device.telemetry().add(entry.ts(), entry.values());
            ota.reported(device, entry.values());
        });
        exchanges.received(from, EventType.TELEMETRY, where, payload, null);
        return entries.size();
    }

    public void attributes(DeviceContext from, String where, byte[] payload) throws PayloadException {
        Map<String, KvValue> uploaded = from.codec().attributes(payload);
        from.device().clientAttributes().putAll(uploaded);
        exchanges.received(from, EventType.ATTRIBUTES, where, payload, null);
    }
}
