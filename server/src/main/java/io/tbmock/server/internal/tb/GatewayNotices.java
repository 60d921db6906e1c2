package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.model.RpcRequest;

/**
 * What ThingsBoard tells a gateway about a child deleted or renamed through any door (its
 * DefaultGatewayNotificationsService): a one-way RPC to the child's last gateway, {@code gateway_device_deleted}
 * with the child's name as params, or {@code gateway_device_renamed} with {@code {"<old name>":"<new name>"}}. It
 * is sent on the gateway's own RPC topic, and kept for a day until the gateway subscribes to RPC, as
 * ThingsBoard keeps it (a persistent RPC). A gateway that is gone itself is told nothing.
 */
final class GatewayNotices {
    static final String DELETED = "gateway_device_deleted";
    static final String RENAMED = "gateway_device_renamed";

    private final ServerRpcService rpc;

    GatewayNotices(ServerRpcService rpc) {
        this.rpc = rpc;
    }

    void deleted(DeviceEntry child) {
        notify(child, DELETED, JsonWriter.tree(child.name()));
    }

    void renamed(DeviceEntry child, String oldName) {
        notify(child, RENAMED, JsonWriter.object(json -> json.field(oldName, child.name())));
    }

    private void notify(DeviceEntry child, String method, String params) {
        DeviceEntry gateway = child.lastConnectedGateway();
        if (gateway == null || gateway.removed()) {
            return;
        }
        rpc.submit(gateway.name(), RpcRequest.oneWay(method).params(params).timeout(RpcRequest.MAX_TIMEOUT));
    }
}
