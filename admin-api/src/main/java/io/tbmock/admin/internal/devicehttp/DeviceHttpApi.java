package io.tbmock.admin.internal.devicehttp;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Route;
import io.tbmock.admin.internal.tbrest.OtaFile;
import io.tbmock.admin.internal.tbrest.TbError;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.device.DeviceGoneException;
import io.tbmock.server.device.DeviceLink;
import io.tbmock.server.device.DevicePort;
import io.tbmock.server.device.OtaDownload;
import io.tbmock.server.device.PayloadRefusedException;
import io.tbmock.server.device.ProvisionAnswer;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.OtaPackageType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * ThingsBoard's HTTP device API (docs/thingsboard-http.md) on the HTTP server's {@code /api/v1}, over the core's
 * device port: the token in the path, JSON bodies read leniently whatever their Content-Type, and every status and
 * body ThingsBoard gives, the surprising ones included. A long poll holds no thread: it is the port's future,
 * given up by the scheduler at its timeout.
 */
public final class DeviceHttpApi {
    /** ThingsBoard's {@code transport.http.max_request_timeout}: the servlet's cap on any request. */
    private static final long MAX_REQUEST_TIMEOUT_MS = TbMockOptions.MAX_HTTP_REQUEST_TIMEOUT.toMillis();
    private static final String JSON = HttpHeaderValues.APPLICATION_JSON.toString();
    /** Spring writes a String answer without a declared type as text. */
    private static final String TEXT = "text/plain;charset=UTF-8";
    /**
     * The binding of a route without parameters. A route's binding reads its path and query parameters as Spring
     * does, refusing what it cannot convert or misses, before the token is looked at.
     */
    private static final Function<ApiRequest, Object> NO_PARAMS = request -> null;

    private final DevicePort port;
    /** ThingsBoard's {@code transport.http.request_timeout}: a poll's default wait, and that of every held request. */
    private final Duration requestTimeout;
    private final ScheduledExecutorService scheduler;
    private final Function<String, Optional<OtaFile>> otaFiles;
    private final List<Route> routes;

    /**
     * @param otaFiles the file name and content type a package's data was uploaded with, by the core's package id
     */
    public DeviceHttpApi(DevicePort port, Duration requestTimeout, ScheduledExecutorService scheduler,
                         Function<String, Optional<OtaFile>> otaFiles) {
        this.port = port;
        this.requestTimeout = requestTimeout;
        this.scheduler = scheduler;
        this.otaFiles = otaFiles;
        HttpMethod get = HttpMethod.GET;
        HttpMethod post = HttpMethod.POST;
        routes = List.of(
            device(post, "telemetry", true, NO_PARAMS, this::telemetry),
            device(post, "attributes", true, NO_PARAMS, this::uploadAttributes),
            device(get, "attributes", false, NO_PARAMS, this::requestAttributes),
            device(get, "attributes/updates", false, this::timeout, this::attributeUpdates),
            device(get, "rpc", false, this::timeout, this::rpcRequests),
            device(post, "rpc/{requestId}", true, DeviceHttpApi::requestId, this::rpcReply),
            device(post, "rpc", true, NO_PARAMS, this::clientRpc),
            device(post, "claim", false, NO_PARAMS, this::claim),
            device(get, "firmware", false, OtaQuery::of, (link, call) -> ota(link, call, OtaPackageType.FIRMWARE)),
            device(get, "software", false, OtaQuery::of, (link, call) -> ota(link, call, OtaPackageType.SOFTWARE)),
            new Route(post, "/api/v1/provision", request -> guarded(() -> provision(request))));
    }

    public List<Route> routes() {
        return routes;
    }

    /** A device's call, and where it went: the method and path, as the journal names it. */
    private record Call(ApiRequest request, String where) {
    }

    private interface DeviceEndpoint {
        CompletableFuture<ApiResponse> handle(DeviceLink link, Call call) throws PayloadRefusedException;
    }

    private interface Answer {
        CompletableFuture<ApiResponse> get() throws PayloadRefusedException;
    }

    /**
     * A route under {@code /api/v1/{token}/}: a required body and the parameters are bound first (Spring does it
     * before the controller runs), then the token is looked up: an unknown one is a 401 without a body.
     */
    private Route device(HttpMethod method, String path, boolean bodyRequired, Function<ApiRequest, ?> params,
                         DeviceEndpoint endpoint) {
        String pattern = "/api/v1/{token}/" + path;
        return new Route(method, pattern, request -> guarded(() -> {
            if (bodyRequired && request.body().length == 0) {
                throw TbError.badRequest("Required request body is missing");
            }
            params.apply(request);
            String token = request.path("token");
            Optional<DeviceLink> link = port.byAccessToken(token, Event.HTTP);
            if (link.isEmpty()) {
                return empty(HttpResponseStatus.UNAUTHORIZED);
            }
            String where = method + " " + pattern.replace("{token}", token)
                .replace("{requestId}", String.valueOf(request.path("requestId")));
            return endpoint.handle(link.get(), new Call(request, where));
        }));
    }

    /**
     * Runs the endpoint: a refused payload is ThingsBoard's 500, with the parser's message as text for a body it
     * could not parse and no body otherwise; a Spring-level refusal is ThingsBoard's JSON error.
     */
    private static CompletableFuture<ApiResponse> guarded(Answer answer) {
        try {
            return answer.get();
        } catch (PayloadRefusedException refused) {
            return (refused.unparsable() ? TbError.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, refused.getMessage())
                : TbError.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR)).response().done();
        } catch (TbError error) {
            return error.response().done();
        }
    }

    // --- uploads ----------------------------------------------------------------------------------------

    /** An empty array produces no message, so ThingsBoard never answers it: the servlet's timeout does. */
    private CompletableFuture<ApiResponse> telemetry(DeviceLink link, Call call) throws PayloadRefusedException {
        if (link.telemetry(call.where(), call.request().body()) == 0) {
            CompletableFuture<ApiResponse> never = new CompletableFuture<>();
            scheduler.schedule(() -> never.complete(servletTimeout()), MAX_REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return never;
        }
        return ok();
    }

    private CompletableFuture<ApiResponse> uploadAttributes(DeviceLink link, Call call) throws PayloadRefusedException {
        link.attributes(call.where(), call.request().body());
        return ok();
    }

    private CompletableFuture<ApiResponse> claim(DeviceLink link, Call call) throws PayloadRefusedException {
        link.claim(call.where(), call.request().body());
        return ok();
    }

    // --- attributes -------------------------------------------------------------------------------------

    /** Empty or absent key lists are not asked for; neither asks for everything; repeated ones join with commas. */
    private CompletableFuture<ApiResponse> requestAttributes(DeviceLink link, Call call) {
        byte[] answer = link.attributes(call.where(), keys(call.request(), "clientKeys"),
            keys(call.request(), "sharedKeys"));
        return ApiResponse.bytes(HttpResponseStatus.OK, JSON, answer).done();
    }

    private static Set<String> keys(ApiRequest request, String name) {
        String joined = String.join(",", request.queryAll(name));
        return joined.isEmpty() ? null : new LinkedHashSet<>(Arrays.asList(joined.split(",")));
    }

    private CompletableFuture<ApiResponse> attributeUpdates(DeviceLink link, Call call) {
        long timeout = timeout(call.request());
        return poll(link.nextAttributeUpdate(call.where()), timeout,
            update -> ApiResponse.bytes(HttpResponseStatus.OK, JSON, update));
    }

    // --- RPC ----------------------------------------------------------------------------------------------

    private CompletableFuture<ApiResponse> rpcRequests(DeviceLink link, Call call) {
        long timeout = timeout(call.request());
        return poll(link.nextRpc(call.where()), timeout, rpc -> {
            ApiResponse answer = ApiResponse.bytes(HttpResponseStatus.OK, JSON, rpc.body());
            rpc.written(); // ThingsBoard reports DELIVERED as it sets the result
            return answer;
        });
    }

    private CompletableFuture<ApiResponse> rpcReply(DeviceLink link, Call call) {
        link.rpcReply(call.where(), requestId(call.request()), call.request().body());
        return ok();
    }

    private static int requestId(ApiRequest request) {
        try {
            return Integer.parseInt(request.path("requestId"));
        } catch (NumberFormatException e) {
            throw conversion(request.path("requestId"), "int");
        }
    }

    private CompletableFuture<ApiResponse> clientRpc(DeviceLink link, Call call) throws PayloadRefusedException {
        return link.clientRpc(call.where(), call.request().body(), requestTimeout)
            .thenApply(answer -> answer == null ? new ApiResponse(HttpResponseStatus.REQUEST_TIMEOUT, null)
                : ApiResponse.bytes(HttpResponseStatus.OK, TEXT, answer));
    }

    // --- long polls -------------------------------------------------------------------------------------------

    /** The {@code timeout} query parameter in ms; absent or 0 is the default. */
    private long timeout(ApiRequest request) {
        String given = request.query("timeout");
        if (given == null) {
            return requestTimeout.toMillis();
        }
        long timeout;
        try {
            timeout = Long.parseLong(given);
        } catch (NumberFormatException e) {
            throw conversion(given, "long");
        }
        return timeout == 0 ? requestTimeout.toMillis() : timeout;
    }

    /**
     * Answers from what the poll waits for; at the timeout the poll is given up and the device gets 408 (503 once
     * the servlet's cap, which no timeout exceeds, passes first); a device deleted meanwhile gets 403.
     */
    private <T> CompletableFuture<ApiResponse> poll(CompletableFuture<T> waiting, long timeoutMs,
                                                    Function<T, ApiResponse> answer) {
        CompletableFuture<ApiResponse> response = new CompletableFuture<>();
        waiting.whenComplete((value, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
            if (cause == null) {
                response.complete(answer.apply(value));
            } else if (cause instanceof DeviceGoneException gone) {
                response.complete(TbError.text(HttpResponseStatus.FORBIDDEN, gone.getMessage()).response());
            } else if (cause instanceof CancellationException) {
                response.complete(timeoutMs > MAX_REQUEST_TIMEOUT_MS ? servletTimeout()
                    : new ApiResponse(HttpResponseStatus.REQUEST_TIMEOUT, null));
            } else {
                response.completeExceptionally(cause);
            }
        });
        long wait = Math.max(0, Math.min(timeoutMs, MAX_REQUEST_TIMEOUT_MS));
        ScheduledFuture<?> timer = scheduler.schedule(() -> waiting.cancel(false), wait, TimeUnit.MILLISECONDS);
        response.whenComplete((done, failure) -> timer.cancel(false));
        return response;
    }

    // --- OTA ----------------------------------------------------------------------------------------------

    /** A package download's query: title and version are required, size and chunk default to 0. */
    private record OtaQuery(String title, String version, int size, int chunk) {
        static OtaQuery of(ApiRequest request) {
            return new OtaQuery(required(request, "title"), required(request, "version"), intParam(request, "size"),
                intParam(request, "chunk"));
        }
    }

    private CompletableFuture<ApiResponse> ota(DeviceLink link, Call call, OtaPackageType type) {
        OtaQuery query = OtaQuery.of(call.request());
        OtaDownload download;
        try {
            download = link.ota(call.where(), type, query.title(), query.version(), query.size(), query.chunk());
        } catch (IndexOutOfBoundsException e) {
            return empty(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        }
        if (download instanceof OtaDownload.NotFound) {
            return empty(HttpResponseStatus.NOT_FOUND);
        }
        if (download instanceof OtaDownload.Mismatch) {
            return empty(HttpResponseStatus.BAD_REQUEST);
        }
        OtaDownload.Chunk bytes = (OtaDownload.Chunk) download;
        Optional<OtaFile> file = otaFiles.apply(bytes.packageId());
        String fileName = file.map(OtaFile::fileName).orElse(bytes.title());
        String contentType = file.map(OtaFile::contentType).filter(DeviceHttpApi::isMediaType)
            .orElse(HttpHeaderValues.APPLICATION_OCTET_STREAM.toString());
        return ApiResponse.bytes(HttpResponseStatus.OK, contentType, bytes.data())
            .withHeader(HttpHeaderNames.CONTENT_DISPOSITION, "attachment;filename=" + fileName)
            .withHeader("x-filename", fileName).done();
    }

    /** What Spring's MediaType.parseMediaType accepts, roughly: {@code type/subtype}. */
    private static boolean isMediaType(String value) {
        return value != null && value.matches("[\\w.+\\-]+/[\\w.+\\-]+(\\s*;.*)?");
    }

    private static String required(ApiRequest request, String name) {
        String value = request.query(name);
        if (value == null) {
            throw TbError.badRequest("Required request parameter '" + name
                + "' for method parameter type String is not present");
        }
        return value;
    }

    private static int intParam(ApiRequest request, String name) {
        String value = request.query(name);
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw conversion(value, "int");
        }
    }

    // --- provisioning -------------------------------------------------------------------------------------

    /** Always 200 with the status JSON; a request ThingsBoard cannot read is its global handler's 500. */
    private CompletableFuture<ApiResponse> provision(ApiRequest request) {
        if (request.body().length == 0) {
            throw TbError.badRequest("Required request body is missing");
        }
        ProvisionAnswer answer = port.provision(request.body(), Event.HTTP, "POST /api/v1/provision");
        if (!answer.answered()) {
            throw TbError.json(HttpResponseStatus.INTERNAL_SERVER_ERROR, TbError.GENERAL, answer.refusal());
        }
        return ApiResponse.bytes(HttpResponseStatus.OK, TEXT,
            answer.json().getBytes(StandardCharsets.UTF_8)).done();
    }

    // --- answers --------------------------------------------------------------------------------------------

    private static CompletableFuture<ApiResponse> ok() {
        return new ApiResponse(HttpResponseStatus.OK, null).done();
    }

    private static CompletableFuture<ApiResponse> empty(HttpResponseStatus status) {
        return new ApiResponse(status, null).done();
    }

    /** What the servlet container answers a request nobody completed within its cap. */
    private static ApiResponse servletTimeout() {
        return new ApiResponse(HttpResponseStatus.SERVICE_UNAVAILABLE, null);
    }

    /** Spring's refusal of a parameter it cannot convert. */
    private static TbError conversion(String value, String type) {
        return TbError.badRequest("Failed to convert value of type 'java.lang.String' to required type '" + type
            + "'; For input string: \"" + value + "\"");
    }
}
