package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.server.TbMock;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

/** Device profiles (spec §2.5). */
final class ProfileRoutes {
    private ProfileRoutes() {
    }

    static void register(TbRoutes routes, TbMock tb, DeviceProfiles profiles) {
        Predicate<String> inUse = name -> tb.devices().stream().anyMatch(device -> device.type().equals(name));
        routes.add(GET, "/api/deviceProfile/{id}",
            (request, user) -> TbRoutes.ok(profiles.get(TbIds.uuid(request.path("id")))));
        routes.add(GET, "/api/deviceProfileInfo/default",
            (request, user) -> TbRoutes.ok(DeviceProfiles.info(profiles.getDefault())));
        routes.add(GET, "/api/deviceProfileInfo/{id}",
            (request, user) -> TbRoutes.ok(DeviceProfiles.info(profiles.get(TbIds.uuid(request.path("id"))))));
        routes.add(POST, "/api/deviceProfile",
            (request, user) -> TbRoutes.ok(profiles.save(TbRoutes.object(request), inUse)));
        routes.add(DELETE, "/api/deviceProfile/{id}", (request, user) -> {
            profiles.delete(TbIds.uuid(request.path("id")), inUse);
            return TbRoutes.empty();
        });
        routes.add(POST, "/api/deviceProfile/{id}/default",
            (request, user) -> TbRoutes.ok(profiles.makeDefault(TbIds.uuid(request.path("id")))));
        routes.add(GET, "/api/deviceProfiles",
            (request, user) -> TbRoutes.ok(TbPages.page(profiles.all(), request, "name")));
        routes.add(GET, "/api/deviceProfileInfos", (request, user) -> {
            String transport = request.query("transportType");
            List<ObjectNode> infos = profiles.all().stream()
                .filter(p -> transport == null || p.path("transportType").asText().equals(transport))
                .map(DeviceProfiles::info).collect(Collectors.toList());
            return TbRoutes.ok(TbPages.page(infos, request, "name"));
        });
    }
}
