package io.tbmock.admin.internal.tbrest;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.ApiError;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.Json;
import io.tbmock.admin.internal.Route;
import io.tbmock.server.ConflictException;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The ThingsBoard REST routes, each behind the token check and the authorities that may call it; whatever an
 * endpoint throws or fails with is answered as ThingsBoard answers (JSON error object, text or empty body).
 */
final class TbRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(TbRoutes.class);
    static final Set<TbUser.Authority> TENANT = EnumSet.of(TbUser.Authority.TENANT_ADMIN);
    static final Set<TbUser.Authority> ANY_USER = EnumSet.allOf(TbUser.Authority.class);

    private final TbAuth auth;
    private final List<Route> routes = new ArrayList<>();

    TbRoutes(TbAuth auth) {
        this.auth = auth;
    }

    /** A route for tenant administrators, as nearly every device-related endpoint is. */
    void add(HttpMethod method, String pattern, TbEndpoint endpoint) {
        add(method, pattern, TENANT, endpoint);
    }

    void add(HttpMethod method, String pattern, Set<TbUser.Authority> allowed, TbEndpoint endpoint) {
        routes.add(new Route(method, pattern, request -> {
            TbUser user;
            try {
                user = auth.authenticate(request);
            } catch (RuntimeException refused) {
                return answer(refused, request);
            }
            if (!allowed.contains(user.authority())) {
                return TbError.forbidden().response().done();
            }
            return guarded(() -> endpoint.handle(request, user), request);
        }));
    }

    /** A route that needs no token (login, refresh). */
    void open(HttpMethod method, String pattern, Endpoint endpoint) {
        routes.add(new Route(method, pattern, request -> guarded(() -> endpoint.handle(request), request)));
    }

    List<Route> all() {
        return routes;
    }

    /** The request's body as a JSON object; anything else is ThingsBoard's 400. */
    static ObjectNode object(ApiRequest request) {
        JsonNode body = Json.parse(request.body());
        if (!(body instanceof ObjectNode object)) {
            throw TbError.badRequest("Invalid request body");
        }
        return object;
    }

    static CompletableFuture<ApiResponse> ok(JsonNode body) {
        return ApiResponse.ok(body).done();
    }

    static CompletableFuture<ApiResponse> empty() {
        return new ApiResponse(HttpResponseStatus.OK, null).done();
    }

    private interface Call {
        CompletableFuture<ApiResponse> run();
    }

    private static CompletableFuture<ApiResponse> guarded(Call call, Object request) {
        CompletableFuture<ApiResponse> answer;
        try {
            answer = call.run();
        } catch (RuntimeException failure) {
            return answer(failure, request);
        }
        return answer.exceptionallyCompose(failure -> answer(failure, request));
    }

    private static CompletableFuture<ApiResponse> answer(Throwable failure, Object request) {
        return toTbError(failure, request).response().done();
    }

    static TbError toTbError(Throwable failure, Object request) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TbError tbError) {
            return tbError;
        }
        if (cause instanceof ApiError apiError) { // the shared parsers' refusals: a body that is not JSON
            return apiError.status().equals(HttpResponseStatus.NOT_FOUND) ? TbError.notFound(apiError.getMessage())
                : TbError.badRequest(apiError.getMessage());
        }
        if (cause instanceof InvalidRequestException || cause instanceof ConflictException) {
            return TbError.badRequest(cause.getMessage());
        }
        if (cause instanceof NotFoundException) {
            return TbError.notFound("Requested item wasn't found!");
        }
        LOG.error("ThingsBoard REST call {} failed", request, cause);
        return TbError.json(HttpResponseStatus.INTERNAL_SERVER_ERROR, TbError.GENERAL, String.valueOf(cause.getMessage()));
    }
}
