package io.tbmock.admin.internal.devicehttp;

import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Route;
import io.tbmock.admin.internal.tbrest.OtaFile;
import io.tbmock.admin.internal.tbrest.TbError;
import io.tbmock.server.device.DeviceLink;
import io.tbmock.server.device.DevicePort;
import io.tbmock.server.device.PayloadRefusedException;
import io.tbmock.server.device.ProvisionAnswer;
import io.tbmock.server.device.RequestFault;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.OtaPackageType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * ThingsBoard's HTTP device API (docs/thingsboard-http.md) on the HTTP server's {@code /api/v1}, over the core's
 * device port: the token in the path, JSON bodies read leniently whatever their Content-Type, and every status and
 * body ThingsBoard gives, the surprising ones included. A long poll holds no thread: it is the port's future,
 * given up by the scheduler at its timeout.
 */
public final class DeviceHttpApi {
    private static final String JSON = HttpHeaderValues.APPLICATION_JSON.toString();
    /** Spring writes a String answer without a declared type as text. */
    private static final String TEXT = "text/plain;charset=UTF-8";
    /**
     * The binding of a route without parameters. A route's binding reads its path and query parameters as Spring
     * does, refusing what it cannot convert or misses, before the token is looked at.
     */
    private static final Function<ApiRequest, Object> NO_PARAMS = request -> null;

    private final DevicePort port;
    private final ScheduledExecutorService scheduler;
    private final LongPolls polls;
    private final PackageDownloads downloads;
    private final List<Route> routes;

    /**
     * @param otaFiles the file name and content type a package's data was uploaded with, by the core's package id
     */
    public DeviceHttpApi(DevicePort port, Duration requestTimeout, ScheduledExecutorService scheduler,
                         Function<String, Optional<OtaFile>> otaFiles) {
        this.port = port;
        this.scheduler = scheduler;
        this.polls = new LongPolls(requestTimeout, scheduler);
        this.downloads = new PackageDownloads(otaFiles);
        HttpMethod get = HttpMethod.GET;
        HttpMethod post = HttpMethod.POST;
        routes = List.of(
            device(post, "telemetry", true, Exchange.UPLOAD, NO_PARAMS, this::telemetry),
            device(post, "attributes", true, Exchange.UPLOAD, NO_PARAMS, this::uploadAttributes),
            device(get, "attributes", false, Exchange.SESSION, NO_PARAMS, this::requestAttributes),
            device(get, "attributes/updates", false, Exchange.SESSION, polls::timeout, this::attributeUpdates),
            device(get, "rpc", false, Exchange.SESSION, polls::timeout, this::rpcRequests),
            device(post, "rpc/{requestId}", true, Exchange.UPLOAD, RequestParams::requestId, this::rpcReply),
            device(post, "rpc", true, Exchange.SESSION, NO_PARAMS, this::clientRpc),
            device(post, "claim", false, Exchange.UPLOAD, NO_PARAMS, this::claim),
            device(get, "firmware", false, Exchange.DOWNLOAD, PackageDownloads.Query::of, download(OtaPackageType.FIRMWARE)),
            device(get, "software", false, Exchange.DOWNLOAD, PackageDownloads.Query::of, download(OtaPackageType.SOFTWARE)),
            new Route(post, "/api/v1/provision", request -> guarded(() -> provision(request))));
    }

    public List<Route> routes() {
        return routes;
    }

    /** A device's call, and where it went: the method and path, as the journal names it. */
    private record Call(ApiRequest request, String where) {
    }

    /**
     * What kind of exchange a device route is, which decides what a fault does to it (docs/faults.md): whether the
     * device sends something (a DELAY_PUBACK delays the answer) or asks for something (a DELAY_DOWNLINK does), and
     * whether ThingsBoard answers it through a sync session that its rate limit closes, leaving the request unanswered.
     */
    private enum Exchange {
        /** Sends the server something: telemetry, attributes, an RPC reply, a claim. */
        UPLOAD(true, false),
        /** Answered through a sync session: an attribute request, a long poll, a client RPC. */
        SESSION(false, true),
        /** A package download. */
        DOWNLOAD(false, false);

        final boolean upload;
        final boolean sessionBound;

        Exchange(boolean upload, boolean sessionBound) {
            this.upload = upload;
            this.sessionBound = sessionBound;
        }
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
    private Route device(HttpMethod method, String path, boolean bodyRequired, Exchange exchange,
                         Function<ApiRequest, ?> params, DeviceEndpoint endpoint) {
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
            Call call = new Call(request, where);
            RequestFault fault = link.get().fault(where, exchange.upload,
                path.equals("telemetry") ? request.body() : null);
            return fault == null ? endpoint.handle(link.get(), call) : faulty(fault, exchange, link.get(), call, endpoint);
        }));
    }

    /**
     * A request a fault bites (docs/faults.md): refused as one whose authentication fails (401 for the
     * not-authorized codes, else 500), over ThingsBoard's rate limit (500 without a body, except for a request answered
     * through a sync session, which the limit closes: it is never answered, until the request timeout's cap),
     * stalled (handled only once the stall ends), or answered late.
     */
    private CompletableFuture<ApiResponse> faulty(RequestFault fault, Exchange exchange, DeviceLink link, Call call,
                                                  DeviceEndpoint endpoint) {
        switch (fault.effect()) {
            case REFUSE:
                return empty(fault.refusedAsUnauthorized() ? HttpResponseStatus.UNAUTHORIZED
                    : HttpResponseStatus.INTERNAL_SERVER_ERROR);
            case RATE_LIMITED:
                return exchange.sessionBound ? polls.never() : empty(HttpResponseStatus.INTERNAL_SERVER_ERROR);
            case STALL:
                return CompletableFuture.supplyAsync(() -> guarded(() -> endpoint.handle(link, call)),
                    CompletableFuture.delayedExecutor(fault.delayMs(), TimeUnit.MILLISECONDS, scheduler))
                    .thenCompose(answer -> answer);
            default:
                return guarded(() -> endpoint.handle(link, call)).thenCompose(answer -> CompletableFuture.supplyAsync(
                    () -> answer,
                    CompletableFuture.delayedExecutor(fault.delayMs(), TimeUnit.MILLISECONDS, scheduler)));
        }
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
        return link.telemetry(call.where(), call.request().body()) == 0 ? polls.never() : ok();
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
        long timeout = polls.timeout(call.request());
        return polls.poll(link.nextAttributeUpdate(call.where()), timeout,
            update -> ApiResponse.bytes(HttpResponseStatus.OK, JSON, update));
    }

    // --- RPC ----------------------------------------------------------------------------------------------

    private CompletableFuture<ApiResponse> rpcRequests(DeviceLink link, Call call) {
        long timeout = polls.timeout(call.request());
        return polls.poll(link.nextRpc(call.where()), timeout, rpc -> {
            ApiResponse answer = ApiResponse.bytes(HttpResponseStatus.OK, JSON, rpc.body());
            rpc.written(); // ThingsBoard reports DELIVERED as it sets the result
            return answer;
        });
    }

    private CompletableFuture<ApiResponse> rpcReply(DeviceLink link, Call call) {
        link.rpcReply(call.where(), RequestParams.requestId(call.request()), call.request().body());
        return ok();
    }

    private CompletableFuture<ApiResponse> clientRpc(DeviceLink link, Call call) throws PayloadRefusedException {
        return link.clientRpc(call.where(), call.request().body(), polls.requestTimeout())
            .thenApply(answer -> answer == null ? new ApiResponse(HttpResponseStatus.REQUEST_TIMEOUT, null)
                : ApiResponse.bytes(HttpResponseStatus.OK, TEXT, answer));
    }

    // --- OTA and provisioning -------------------------------------------------------------------------------------

    private DeviceEndpoint download(OtaPackageType type) {
        return (link, call) -> downloads.download(link, call.where(), call.request(), type).done();
    }

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
}
