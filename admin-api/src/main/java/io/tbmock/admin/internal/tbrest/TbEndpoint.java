package io.tbmock.admin.internal.tbrest;

import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;

import java.util.concurrent.CompletableFuture;

/** One ThingsBoard REST endpoint, called once the caller's token is checked; it must not block (see Endpoint). */
@FunctionalInterface
interface TbEndpoint {
    CompletableFuture<ApiResponse> handle(ApiRequest request, TbUser user);
}
