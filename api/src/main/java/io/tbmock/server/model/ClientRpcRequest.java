package io.tbmock.server.model;

/**
 * A client-side RPC a device sent.
 *
 * @param id       the request id from the device's topic {@code …/rpc/request/{id}}
 * @param method   method name
 * @param params   params as JSON text ({@code null} when the device sent none)
 * @param ts       when it arrived, epoch milliseconds
 * @param response what the device was sent back, as JSON text; null while no answer was sent
 */
public record ClientRpcRequest(int id, String method, String params, long ts, String response) {
}
