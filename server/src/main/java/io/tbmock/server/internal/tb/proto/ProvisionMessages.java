package io.tbmock.server.internal.tb.proto;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.tbmock.server.internal.tb.DeviceJson;
import io.tbmock.server.internal.tb.JsonWriter;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.internal.tb.proto.TransportMessages.CredentialsDataProto;
import io.tbmock.server.internal.tb.proto.TransportMessages.CredentialsType;
import io.tbmock.server.internal.tb.proto.TransportMessages.ProvisionDeviceRequestMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.ProvisionDeviceResponseMsg;
import io.tbmock.server.internal.tb.proto.TransportMessages.ResponseStatus;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A provision request that is not JSON, read as ThingsBoard's MQTT transport retries it (docs/device-profiles.md,
 * "Fixed messages"): as a {@code ProvisionDeviceRequestMsg}, turned into the JSON request it stands for, and the
 * JSON answer written back as a {@code ProvisionDeviceResponseMsg}.
 */
public final class ProvisionMessages {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private ProvisionMessages() {
    }

    /** The request as the JSON object it stands for; unset fields are empty, as ThingsBoard's JSON reader makes them. */
    public static Map<String, Object> request(byte[] payload) throws PayloadException {
        ProvisionDeviceRequestMsg request;
        try {
            request = ProvisionDeviceRequestMsg.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new PayloadException(e.getMessage());
        }
        CredentialsDataProto data = request.getCredentialsDataProto();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("deviceName", request.getDeviceName());
        json.put("credentialsType", request.getCredentialsType() == CredentialsType.UNRECOGNIZED
            ? "UNRECOGNIZED" : request.getCredentialsType().name());
        json.put("token", data.getValidateDeviceTokenRequestMsg().getToken());
        json.put("clientId", data.getValidateBasicMqttCredRequestMsg().getClientId());
        json.put("username", data.getValidateBasicMqttCredRequestMsg().getUserName());
        json.put("password", data.getValidateBasicMqttCredRequestMsg().getPassword());
        json.put("hash", data.getValidateDeviceX509CertRequestMsg().getHash());
        json.put("provisionDeviceKey", request.getProvisionDeviceCredentialsMsg().getProvisionDeviceKey());
        json.put("provisionDeviceSecret", request.getProvisionDeviceCredentialsMsg().getProvisionDeviceSecret());
        json.put("gateway", request.getGateway());
        return json;
    }

    /** A request's bytes as the journal shows them; null if they are no request. */
    public static String describeRequest(byte[] payload) {
        try {
            return PRINTER.print(ProvisionDeviceRequestMsg.parseFrom(payload));
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    /**
     * ThingsBoard's JSON answer ({@code status}, {@code credentialsType}, {@code credentialsValue}) as a
     * {@code ProvisionDeviceResponseMsg}; MQTT Basic credentials are their JSON text.
     */
    public static byte[] response(String jsonAnswer) {
        Map<?, ?> answer;
        try {
            answer = (Map<?, ?>) DeviceJson.parseStrict(jsonAnswer.getBytes(StandardCharsets.UTF_8));
        } catch (PayloadException e) {
            throw new IllegalArgumentException("not an answer the core wrote: " + jsonAnswer, e);
        }
        ProvisionDeviceResponseMsg.Builder response = ProvisionDeviceResponseMsg.newBuilder()
            .setStatus(ResponseStatus.valueOf((String) answer.get("status")));
        if (answer.get("credentialsType") instanceof String type) {
            response.setCredentialsType(CredentialsType.valueOf(type));
            Object value = answer.get("credentialsValue");
            response.setCredentialsValue(value instanceof String text ? text : JsonWriter.tree(value));
        }
        return response.build().toByteArray();
    }
}
