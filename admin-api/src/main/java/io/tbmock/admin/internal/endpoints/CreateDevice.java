package io.tbmock.admin.internal.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.Json;
import io.tbmock.admin.internal.JsonViews;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.CredentialsType;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.NewDevice;

import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /admin/devices}: body {@code {"name","type","gateway","credentials":{…},"provisionProfile"}}, 201
 * with the device.
 * Credentials default to an access token, generated when not given; X.509 without a certificate is minted,
 * and the 201 carries its private key, once.
 */
public final class CreateDevice implements Endpoint {
    private final TbMock tb;

    public CreateDevice(TbMock tb) {
        this.tb = tb;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        ObjectNode body = request.jsonObject();
        Json.onlyFields(body, "", "name", "type", "gateway", "credentials", "provisionProfile");
        String name = Json.requiredString(body, "name");
        NewDevice device = NewDevice.named(name).gateway(Json.bool(body, "gateway", "gateway", false));
        String type = Json.string(body, "type", "type");
        if (type != null) {
            device = device.type(type);
        }
        String provisionProfile = Json.string(body, "provisionProfile", "provisionProfile");
        if (provisionProfile != null) {
            device = device.provisionProfile(provisionProfile);
        }
        ObjectNode credentials = Json.object(body, "credentials", "credentials");
        if (credentials != null) {
            device = device.credentials(credentials(credentials));
        }
        return tb.createDeviceAsync(device).thenApply(created -> ApiResponse.created(JsonViews.device(created)));
    }

    /** The credentials object; null means an access token is generated. */
    static DeviceCredentials credentials(ObjectNode json) {
        String typeName = Json.string(json, "type", "credentials.type");
        CredentialsType type = typeName == null ? CredentialsType.ACCESS_TOKEN
            : Json.enumValue(CredentialsType.class, typeName, "credentials.type");
        switch (type) {
            case ACCESS_TOKEN: {
                Json.onlyFields(json, "credentials", "type", "token");
                String token = Json.string(json, "token", "credentials.token");
                return token == null ? null : DeviceCredentials.token(token);
            }
            case MQTT_BASIC:
                Json.onlyFields(json, "credentials", "type", "clientId", "username", "password");
                return DeviceCredentials.basic(Json.string(json, "clientId", "credentials.clientId"),
                    Json.string(json, "username", "credentials.username"),
                    Json.string(json, "password", "credentials.password"));
            default: {
                Json.onlyFields(json, "credentials", "type", "certificatePem");
                String certificate = Json.string(json, "certificatePem", "credentials.certificatePem");
                return certificate == null ? DeviceCredentials.x509() : DeviceCredentials.x509(certificate);
            }
        }
    }
}
