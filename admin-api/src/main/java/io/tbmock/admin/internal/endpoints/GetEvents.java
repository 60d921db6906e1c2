package io.tbmock.admin.internal.endpoints;

import io.tbmock.admin.internal.ApiError;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Endpoint;
import io.tbmock.admin.internal.Json;
import io.tbmock.admin.internal.JsonViews;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /admin/events?device=&type=&transport=&after=&limit=&waitMs=}: the journal. With {@code waitMs} the
 * answer waits (without holding a thread) until a matching event exists or the time is up.
 * {@code type} may list several types, comma-separated.
 */
public final class GetEvents implements Endpoint {
    static final int MAX_LIMIT = 10_000;
    static final long MAX_WAIT_MS = Duration.ofMinutes(10).toMillis();

    private final TbMock tb;

    public GetEvents(TbMock tb) {
        this.tb = tb;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(ApiRequest request) {
        EventFilter filter = new EventFilter(request.query("device"), types(request.queryList("type")),
            request.queryLong("after", 0, 0, Long.MAX_VALUE),
            (int) request.queryLong("limit", EventFilter.DEFAULT_LIMIT, 1, MAX_LIMIT), transport(request));
        long waitMs = request.queryLong("waitMs", 0, 0, MAX_WAIT_MS);
        return tb.eventsAsync(filter, Duration.ofMillis(waitMs)).thenApply(page -> ApiResponse.ok(JsonViews.events(page)));
    }

    /** {@code MQTT} or {@code HTTP}, or null for every transport. */
    private static String transport(ApiRequest request) {
        String transport = request.query("transport");
        if (transport == null || transport.equals(Event.MQTT) || transport.equals(Event.HTTP)) {
            return transport;
        }
        throw ApiError.badRequest("transport must be " + Event.MQTT + " or " + Event.HTTP + ", was '" + transport + "'");
    }

    private static Set<EventType> types(String[] names) {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String name : names) {
            types.add(Json.enumValue(EventType.class, name, "type"));
        }
        return types;
    }
}
