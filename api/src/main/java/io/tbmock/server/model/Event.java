package io.tbmock.server.model;

/**
 * One exchange the mock saw or sent.
 *
 * @param seq       position in the journal, increasing by one per event, never reused (not even after reset)
 * @param ts        when it happened, epoch milliseconds
 * @param device    the device's name, or null when no device was identified (a refused CONNECT)
 * @param gateway   for a gateway's child, the gateway whose connection carried the exchange; else null
 * @param clientId  the MQTT client id the device sent; null over HTTP
 * @param direction IN from the device, OUT to it
 * @param type      what kind of exchange
 * @param topic     the MQTT topic or filter, or the HTTP device API's method and path, when there is one
 * @param payload   the payload as UTF-8 text, or a description of it; may be null
 * @param error     why it was refused or what went wrong; null when all went well
 * @param transport how the device spoke: {@link #MQTT} or {@link #HTTP}; null for what the server did on its own
 *                  (a timeout, a state change)
 * @param payloadBase64 a binary payload (protobuf) as it went over the wire, in base64; {@code payload} then shows
 *                  it decoded as JSON, or is null if it could not be decoded. Null for a text payload
 */
public record Event(long seq, long ts, String device, String gateway, String clientId, Direction direction,
                    EventType type, String topic, String payload, String error, String transport,
                    String payloadBase64) {
    public static final String MQTT = "MQTT";
    public static final String HTTP = "HTTP";

    /** An event with a text payload. */
    public Event(long seq, long ts, String device, String gateway, String clientId, Direction direction,
                 EventType type, String topic, String payload, String error, String transport) {
        this(seq, ts, device, gateway, clientId, direction, type, topic, payload, error, transport, null);
    }

    /** An event without a transport named, as events were before devices could speak HTTP. */
    public Event(long seq, long ts, String device, String gateway, String clientId, Direction direction,
                 EventType type, String topic, String payload, String error) {
        this(seq, ts, device, gateway, clientId, direction, type, topic, payload, error, null);
    }

    @Override
    public String toString() {
        int payloadShown = payload == null ? 0 : Math.min(payload.length(), 201);
        StringBuilder s = new StringBuilder(96 + payloadShown).append('#').append(seq).append(' ').append(direction)
            .append(' ').append(type);
        if (device != null) {
            s.append(" device=").append(device);
        }
        if (gateway != null) {
            s.append(" gateway=").append(gateway);
        }
        if (topic != null) {
            s.append(" topic=").append(topic);
        }
        if (payloadBase64 != null) {
            s.append(" base64=").append(payloadBase64.length() > 200 ? payloadBase64.substring(0, 200) + "…" : payloadBase64);
        }
        if (payload != null) {
            s.append(" payload=").append(payload.length() > 200 ? payload.substring(0, 200) + "…" : payload);
        }
        if (error != null) {
            s.append(" error=").append(error);
        }
        return s.toString();
    }
}
