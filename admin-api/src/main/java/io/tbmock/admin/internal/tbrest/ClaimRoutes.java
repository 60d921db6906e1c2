package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.ClaimRequest;
import io.tbmock.server.model.Device;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.POST;

/**
 * Claiming by a customer (docs/thingsboard-rest.md §8): the device asked to be claimed over MQTT with a secret and a duration; a
 * customer user claims it by name with the same secret before the duration ends. Claiming is allowed by
 * default, as in ThingsBoard.
 */
final class ClaimRoutes {
    private static final String PATH = "/api/customer/device/{deviceName}/claim";

    private ClaimRoutes() {
    }

    static void register(TbRoutes routes, TbMock tb, TbDevices devices) {
        routes.add(POST, PATH, EnumSet.of(TbUser.Authority.CUSTOMER_USER), (request, user) -> {
            Device device = device(devices, request);
            JsonNode body = Json.tryParse(new String(request.body(), StandardCharsets.UTF_8));
            if (body == null || !body.isObject()) {
                // ThingsBoard reads the body without checking it is there, and fails with a NullPointerException.
                throw TbError.json(HttpResponseStatus.INTERNAL_SERVER_ERROR, TbError.GENERAL,
                    "the claim request needs a body {\"secretKey\":\"…\"}");
            }
            if (!devices.customerOf(device).equals(TbIds.NULL_UUID)) {
                return refusal("CLAIMED");
            }
            String secret = body.path("secretKey").asText("");
            Optional<ClaimRequest> claim = tb.claim(device.name());
            long now = System.currentTimeMillis();
            if (claim.isEmpty() || now > claim.get().requestedAt() + claim.get().durationMs()
                || !secret.equals(claim.get().secretKey())) {
                return refusal("FAILURE");
            }
            devices.assignCustomer(device, user.customerId());
            ObjectNode answer = Json.object();
            answer.set("device", devices.view(tb.device(device.name())));
            return TbRoutes.ok(answer.put("response", "SUCCESS"));
        });
        routes.add(DELETE, PATH, TbRoutes.ANY_USER, (request, user) -> {
            devices.assignCustomer(device(devices, request), TbIds.NULL_UUID);
            return TbRoutes.empty();
        });
    }

    private static Device device(TbDevices devices, ApiRequest request) {
        return devices.byName(request.path("deviceName"))
            .orElseThrow(() -> TbError.notFound("Requested item wasn't found!"));
    }

    /** A refused claim's body is a JSON string: {@code "FAILURE"} or {@code "CLAIMED"}. */
    private static CompletableFuture<ApiResponse> refusal(String result) {
        return new ApiResponse(HttpResponseStatus.BAD_REQUEST, TextNode.valueOf(result)).done();
    }
}
