package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Json;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

/** {@code /api/auth/…}: login, refresh, logout and the current user (docs/thingsboard-rest.md §2). */
final class AuthRoutes {
    private AuthRoutes() {
    }

    static void register(TbRoutes routes, TbAuth auth, String tenantId) {
        routes.open(POST, "/api/auth/login", request -> ApiResponse.ok(auth.login(request.body())).done());
        routes.open(POST, "/api/auth/token", request -> ApiResponse.ok(auth.refresh(request.body())).done());
        routes.add(POST, "/api/auth/logout", TbRoutes.ANY_USER, (request, user) -> {
            auth.logout(request);
            return new ApiResponse(HttpResponseStatus.OK, null).done();
        });
        routes.add(GET, "/api/auth/user", TbRoutes.ANY_USER, (request, user) -> {
            ObjectNode json = Json.object();
            json.set("id", TbIds.entityId("USER", user.id()));
            json.put("createdTime", user.createdTime());
            json.set("tenantId", TbIds.entityId("TENANT", tenantId));
            json.set("customerId", TbIds.entityId("CUSTOMER", user.customerId()));
            json.put("email", user.email()).put("name", user.email()).put("authority", user.authority().name())
                .putNull("firstName").putNull("lastName").putNull("phone").put("version", 1).putNull("additionalInfo");
            return ApiResponse.ok(json).done();
        });
    }
}
