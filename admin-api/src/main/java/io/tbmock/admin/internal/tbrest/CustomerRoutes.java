package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.Device;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

/**
 * Customers and the devices assigned to them (ThingsBoard's CustomerController and the customer part of its
 * DeviceController): test suites make a customer, assign a device to it, and list what a customer has.
 */
final class CustomerRoutes {
    private CustomerRoutes() {
    }

    static void register(TbRoutes routes, TbMock tb, TbCustomers customers, TbDevices devices) {
        routes.add(GET, "/api/customers", (request, user) -> {
            String ids = request.query("customerIds");
            if (ids != null) {
                ArrayNode list = Json.array();
                for (String uuid : TbIds.uuids(ids)) {
                    customers.all().stream().filter(c -> c.get("id").get("id").asText().equals(uuid)).forEach(list::add);
                }
                return TbRoutes.ok(list);
            }
            return TbRoutes.ok(TbPages.page(customers.all(), request, "title"));
        });
        routes.add(GET, "/api/tenant/customers", (request, user) -> {
            String title = request.query("customerTitle");
            if (title == null) {
                throw TbError.badRequest("Required request parameter 'customerTitle' for method parameter type String "
                    + "is not present");
            }
            return TbRoutes.ok(customers.byTitle(title)
                .orElseThrow(() -> TbError.notFound("Customer with title [" + title + "] is not found")));
        });
        routes.add(GET, "/api/customer/{customerId}", TbRoutes.ANY_USER, (request, user) -> {
            ObjectNode customer = customers.require(request.path("customerId"));
            if (user.authority() == TbUser.Authority.CUSTOMER_USER && !ownCustomer(user, customer)) {
                throw TbError.forbidden();
            }
            return TbRoutes.ok(customer);
        });
        routes.add(POST, "/api/customer", (request, user) -> TbRoutes.ok(customers.save(TbRoutes.object(request))));
        routes.add(DELETE, "/api/customer/{customerId}", (request, user) -> {
            String id = customers.require(request.path("customerId")).get("id").get("id").asText();
            customers.delete(id);
            // ThingsBoard unassigns the customer's devices with it
            tb.devices().stream().filter(device -> devices.customerOf(device).equals(id))
                .forEach(device -> devices.assignCustomer(device, TbIds.NULL_UUID));
            return TbRoutes.empty();
        });

        routes.add(POST, "/api/customer/{customerId}/device/{deviceId}", (request, user) -> {
            ObjectNode customer = customers.require(request.path("customerId"));
            Device device = devices.require(request.path("deviceId"));
            devices.assignCustomer(device, customer.get("id").get("id").asText());
            return TbRoutes.ok(devices.view(device));
        });
        routes.add(DELETE, "/api/customer/device/{deviceId}", (request, user) -> {
            Device device = devices.require(request.path("deviceId"));
            if (devices.customerOf(device).equals(TbIds.NULL_UUID)) {
                throw TbError.badRequest("Device isn't assigned to any customer!");
            }
            devices.assignCustomer(device, TbIds.NULL_UUID);
            return TbRoutes.ok(devices.view(device));
        });
        routes.add(GET, "/api/customer/{customerId}/devices", EnumSet.allOf(TbUser.Authority.class),
            (request, user) -> customerDevices(tb, customers, devices, request, user, false));
        routes.add(GET, "/api/customer/{customerId}/deviceInfos", EnumSet.allOf(TbUser.Authority.class),
            (request, user) -> customerDevices(tb, customers, devices, request, user, true));
    }

    /** A customer's devices, paged, filtered by type (or, for infos, by profile and whether they are active). */
    private static CompletableFuture<ApiResponse> customerDevices(TbMock tb, TbCustomers customers, TbDevices devices,
                                                                  ApiRequest request, TbUser user, boolean infos) {
        ObjectNode customer = customers.require(request.path("customerId"));
        if (user.authority() == TbUser.Authority.CUSTOMER_USER && !ownCustomer(user, customer)) {
            throw TbError.forbidden();
        }
        String id = customer.get("id").get("id").asText();
        List<Device> assigned = new ArrayList<>(tb.devices().stream()
            .filter(device -> devices.customerOf(device).equals(id)).toList());
        return TbRoutes.ok(infos ? devices.infoPage(assigned, request) : devices.page(assigned, request));
    }

    private static boolean ownCustomer(TbUser user, ObjectNode customer) {
        return customer.get("id").get("id").asText().equals(user.customerId());
    }
}
