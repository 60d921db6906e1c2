package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.state.OtaAssignment;
import io.tbmock.server.internal.state.StoredPackage;
import io.tbmock.server.internal.tb.Exchanges;
import io.tbmock.server.internal.tb.FaultService;
import io.tbmock.server.internal.tb.JsonWriter;
import io.tbmock.server.internal.tb.OtaService;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.internal.tb.ReasonCode;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.NewFault;
import io.tbmock.server.model.OtaPackageType;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Firmware and software download over MQTT (docs/thingsboard-mqtt.md §10): {@code v2/fw/request/{requestId}/chunk/{index}}
 * with the chunk size as payload, answered on {@code v2/fw/response/{requestId}/chunk/{index}}, with the delay and
 * drop faults a test may inject on the connection.
 */
final class OtaChunks {
    private final OtaService ota;
    private final Exchanges exchanges;
    private final MqttDownlinks downlinks;
    private final ScheduledExecutorService scheduler;
    private final IntSupplier maxPacketSize;
    private final FaultService faults;

    OtaChunks(OtaService ota, Exchanges exchanges, MqttDownlinks downlinks, ScheduledExecutorService scheduler,
              IntSupplier maxPacketSize, FaultService faults) {
        this.faults = faults;
        this.ota = ota;
        this.exchanges = exchanges;
        this.downlinks = downlinks;
        this.scheduler = scheduler;
        this.maxPacketSize = maxPacketSize;
    }

    /**
     * {@code v2/fw/request/{requestId}/chunk/{index}} with the chunk size as payload (MqttTransportHandler
     * getOtaPackageCallback): an empty payload reuses the request id's last size, or 0 for the whole package;
     * the request id keeps its first package for the connection; past the end the chunk is empty. Errors go to
     * {@code v2/fw/error} and close the session, without a PUBACK.
     */
    UplinkResult chunk(DeviceSession session, UplinkTopic uplink, String topic, byte[] payload) {
        OtaPackageType type = uplink.kind() == UplinkKind.FIRMWARE_CHUNK_REQUEST ? OtaPackageType.FIRMWARE
            : OtaPackageType.SOFTWARE;
        String requestId = uplink.suffix();
        String text = new String(payload, StandardCharsets.UTF_8);
        int index;
        int size;
        try {
            index = Integer.parseInt(uplink.chunk());
            size = session.otaChunkSize(requestId, text.isEmpty() ? 0 : Integer.parseInt(text));
        } catch (NumberFormatException e) {
            // ThingsBoard's Integer.parseInt of the chunk size is not caught.
            return UplinkResult.refused(PayloadException.escaping("the chunk index and size must be integers, was '"
                + text + "'"));
        }
        // The chunk size is text whatever the device's payload type.
        exchanges.received(session, EventType.OTA_CHUNK_REQUEST, topic, new String(payload, StandardCharsets.UTF_8),
            null);
        if (size > maxPacketSize.getAsInt()) {
            return error(session, "PAYLOAD_TOO_LARGE");
        }
        String packageId = session.otaPackage(requestId);
        if (packageId == null) {
            OtaAssignment assignment = session.device().ota(type);
            if (assignment == null) {
                return error(session, "NOT_FOUND");
            }
            if (assignment.pkg().hasUrl()) {
                return error(session, "FAILURE");
            }
            packageId = assignment.pkg().id();
            session.otaPackage(requestId, packageId);
        }
        StoredPackage stored = ota.stored(packageId);
        if (stored == null) {
            return error(session, "NOT_FOUND");
        }
        serve(session, type, requestId, index, size, stored);
        return UplinkResult.ACK;
    }

    private void serve(DeviceSession session, OtaPackageType type, String requestId, int index, int size,
                       StoredPackage stored) {
        byte[] chunk = ota.chunk(session.device(), type, stored, size, index);
        OtaAssignment assignment = session.device().ota(type);
        boolean faulty = assignment != null && assignment.pkg().id().equals(stored.info().id());
        String topic = Topics.otaChunk(type, requestId, index);
        DeliveryListener drop = faulty && assignment.dropAfter(index)
            ? closeOnWrite(session, "fault injection: the connection was dropped after chunk " + index, ReasonCode.NONE)
            : closeAtChunk(session, index);
        String description = JsonWriter.object(json -> json.field("package", stored.info().id()).field("chunk", index)
            .field("bytes", chunk.length));
        long delay = faulty ? assignment.faults().chunkDelay().toMillis() : 0;
        if (delay > 0) {
            scheduler.schedule(() -> downlinks.sendBytes(session, EventType.OTA_CHUNK, topic, chunk, description, drop),
                delay, TimeUnit.MILLISECONDS);
        } else {
            downlinks.sendBytes(session, EventType.OTA_CHUNK, topic, chunk, description, drop);
        }
    }

    /** The error on {@code v2/fw/error}, and the session closed once it is written (DISCONNECT 0x83); no PUBACK. */
    private UplinkResult error(DeviceSession session, String code) {
        String reason = "OTA error " + code + ": ThingsBoard closes the session after it";
        int disconnect = ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
        if (downlinks.send(session, EventType.OTA_CHUNK, Topics.OTA_ERROR, code,
            closeOnWrite(session, reason, disconnect)) != SendResult.SENT) {
            return UplinkResult.close(reason, disconnect);
        }
        return UplinkResult.NO_ACK;
    }

    /** A CLOSE fault at this chunk closes the connection once the chunk is written (docs/faults.md); else null. */
    private DeliveryListener closeAtChunk(DeviceSession session, int index) {
        NewFault close = faults.otaChunkSent(session.device().name(), index);
        return close == null ? null : closeOnWrite(session, "closed by a CLOSE fault at OTA chunk " + index,
            close.reasonCode() == null ? ReasonCode.NONE : close.reasonCode());
    }

    private static DeliveryListener closeOnWrite(DeviceSession session, String reason, int reasonCode) {
        return new DeliveryListener() {
            @Override
            public void written(int qos) {
                session.close(reason, reasonCode);
            }

            @Override
            public void acknowledged() {
            }
        };
    }
}
