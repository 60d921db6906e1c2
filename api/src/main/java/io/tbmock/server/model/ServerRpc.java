package io.tbmock.server.model;

/**
 * A server-side RPC sent to a device, as it stands.
 *
 * @param id        the request id, per device from 0, as in the device's topic {@code …/rpc/request/{id}}
 * @param method    method name
 * @param params    params as JSON text
 * @param oneway    one-way or two-way
 * @param status    where it is
 * @param response  the device's reply as JSON text (a reply that is not JSON is {@code {"error":"<text>"}},
 *                  as ThingsBoard stores it); null until the device replied
 * @param createdAt epoch milliseconds
 * @param expiresAt epoch milliseconds after which it times out
 * @param error     why it failed, for {@link RpcStatus#FAILED}; null otherwise
 * @param sent      whether it was ever written to the device: a TIMEOUT without it never reached the device
 *                  (ThingsBoard's REST API tells the two apart)
 * @param nonJsonReply whether the device's reply was not JSON (so {@code response} is {@code {"error":"<text>"}})
 */
public record ServerRpc(int id, String method, String params, boolean oneway, RpcStatus status, String response,
                        long createdAt, long expiresAt, String error, boolean sent,
                        boolean nonJsonReply) {
}
