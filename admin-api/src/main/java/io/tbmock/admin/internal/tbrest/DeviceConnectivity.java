package io.tbmock.admin.internal.tbrest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.ConnectivityCommands;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.Device;

import java.util.concurrent.CompletableFuture;

import static io.netty.handler.codec.http.HttpMethod.GET;

/**
 * ThingsBoard's device connectivity endpoints (its DeviceConnectivityController): the commands that publish as a
 * device ({@link ConnectivityCommands}), and the CA certificate they download for MQTTS.
 */
final class DeviceConnectivity {
    private DeviceConnectivity() {
    }

    static void register(TbRoutes routes, TbMockServer server, TbDevices devices) {
        routes.add(GET, "/api/device-connectivity/{deviceId}", TbRoutes.ANY_USER, (request, user) -> {
            Device device = devices.require(request.path("deviceId"));
            if (user.authority() == TbUser.Authority.CUSTOMER_USER && !devices.customerOf(device).equals(user.customerId())) {
                throw TbError.forbidden();
            }
            return TbRoutes.ok(ConnectivityCommands.of(device, request.baseUrl(), server.mqttPort(), server.mqttsPort()));
        });
        // Open, as in ThingsBoard: the command that downloads it carries no token.
        routes.open(GET, "/api/device-connectivity/{protocol}/certificate/download",
            request -> certificate(server, request.path("protocol")));
    }

    private static CompletableFuture<ApiResponse> certificate(TbMockServer server, String protocol) {
        if (!ConnectivityCommands.MQTTS.equals(protocol) || server.mqttsPort().isEmpty()) {
            throw TbError.notFound(protocol + " pem cert file is not found!");
        }
        return server.mock().caCertificatePemAsync().thenApply(pem -> ApiResponse.text("application/octet-stream", pem)
            .withHeader(HttpHeaderNames.CONTENT_DISPOSITION, "attachment;filename=" + ConnectivityCommands.CA_ROOT_CERT_PEM)
            .withHeader("x-filename", ConnectivityCommands.CA_ROOT_CERT_PEM));
    }
}
