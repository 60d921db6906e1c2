package io.tbmock.admin.internal.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.Json;
import io.tbmock.admin.internal.JsonViews;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.FaultKind;
import io.tbmock.server.model.NewFault;

import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /admin/faults}, body {@code {"kind","device","topic","count","activeMs","reasonCode","delayMs",
 * "afterMessages","dropMessage","afterMs","atOtaChunk","downMs","forgetState","stallMs","bytesPerSecond","messages",
 * "telemetryMessages","telemetryDataPoints","transport"}} (only {@code kind} required; what
 * each kind needs, docs/faults.md): 201 with the fault, its {@code id} and {@code fired} count.
 */
public final class AddFault implements Endpoint {
    private final TbMock tb;

    public AddFault(TbMock tb) {
        this.tb = tb;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        ObjectNode body = request.jsonObject();
        Json.onlyFields(body, "", "kind", "device", "topic", "count", "activeMs", "reasonCode", "delayMs",
            "afterMessages", "dropMessage", "afterMs", "atOtaChunk", "downMs", "forgetState", "stallMs", "bytesPerSecond",
            "messages", "telemetryMessages", "telemetryDataPoints", "transport");
        NewFault fault = new NewFault(Json.enumValue(FaultKind.class, Json.requiredString(body, "kind"), "kind"),
            Json.string(body, "device", "device"), Json.string(body, "topic", "topic"),
            Json.integer(body, "count", "count"), optionalLong(body, "activeMs"),
            Json.integer(body, "reasonCode", "reasonCode"), optionalLong(body, "delayMs"),
            Json.integer(body, "afterMessages", "afterMessages"), Json.bool(body, "dropMessage", "dropMessage", false),
            optionalLong(body, "afterMs"), Json.integer(body, "atOtaChunk", "atOtaChunk"), optionalLong(body, "downMs"),
            Json.bool(body, "forgetState", "forgetState", false), optionalLong(body, "stallMs"),
            optionalLong(body, "bytesPerSecond"), Json.string(body, "messages", "messages"),
            Json.string(body, "telemetryMessages", "telemetryMessages"),
            Json.string(body, "telemetryDataPoints", "telemetryDataPoints"), Json.string(body, "transport", "transport"));
        return ApiResponse.created(JsonViews.fault(tb.addFault(fault))).done();
    }

    private static Long optionalLong(ObjectNode body, String field) {
        return body.hasNonNull(field) ? Json.wholeNumber(body, field, field, 0) : null;
    }
}
