package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Customers and device assignment as device-test suites use them (ThingsBoard's CustomerController and the
 * customer part of DeviceController): list the tenant's customers, make one, assign a device to it, list what it
 * has, unassign.
 */
class TbRestCustomersTest extends RunningAdminServer {
    private static final String NULL_CUSTOMER = "13814000-1dd2-11b2-8080-808080808080";

    @Test
    void theCustomerUsersCustomerIsListedAndNewOnesAreSavedAsThingsBoardSavesThem() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode page = rest.get("/api/customers?pageSize=10&page=0").json();
        assertEquals(1, page.get("totalElements").asInt());
        assertEquals("Customer A", page.at("/data/0/title").asText());
        assertEquals("CUSTOMER", page.at("/data/0/id/entityType").asText());

        TbRestClient.Reply created = rest.post("/api/customer", "{\"title\":\"Acme\",\"email\":\"ops@acme.example\"}");
        assertEquals(200, created.status(), created.text());
        JsonNode acme = created.json();
        assertEquals("Acme", acme.get("name").asText());
        assertEquals("ops@acme.example", acme.get("email").asText());
        assertEquals(acme, rest.get("/api/customer/" + acme.get("id").get("id").asText()).json());
        assertEquals(acme, rest.get("/api/tenant/customers?customerTitle=Acme").json());
        assertEquals(2, rest.get("/api/customers?pageSize=10&page=0").json().get("totalElements").asInt());
        assertEquals(1, rest.get("/api/customers?pageSize=10&page=0&textSearch=acm").json().get("totalElements").asInt());

        assertEquals("Customer with such title already exists!", rest.post("/api/customer", "{\"title\":\"Acme\"}").message());
        assertEquals("Customer title should be specified!", rest.post("/api/customer", "{\"title\":\" \"}").message());
        assertEquals("'Public' title for customer is system reserved!",
            rest.post("/api/customer", "{\"title\":\"Public\"}").message());
        assertEquals("Invalid email address format 'nope'!",
            rest.post("/api/customer", "{\"title\":\"B\",\"email\":\"nope\"}").message());
        String unknown = "0c0a2f0e-6c35-4e8c-9a3c-5c0b7e7ad2d1";
        TbRestClient.Reply missing = rest.get("/api/customer/" + unknown);
        assertEquals(404, missing.status());
        assertEquals("Customer with id [" + unknown + "] is not found", missing.message());
    }

    @Test
    void aDeviceIsAssignedListedUnderItsCustomerAndUnassigned() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.createDevice("leased");
        rest.createDevice("kept");
        JsonNode acme = rest.post("/api/customer", "{\"title\":\"Acme\"}").json();
        String customerId = acme.get("id").get("id").asText();
        String deviceId = device.get("id").get("id").asText();

        TbRestClient.Reply assigned = rest.post("/api/customer/" + customerId + "/device/" + deviceId, "");
        assertEquals(200, assigned.status(), assigned.text());
        assertEquals(customerId, assigned.json().get("customerId").get("id").asText());
        assertEquals(2, assigned.json().get("version").asInt(), "saved once more");
        JsonNode owned = rest.get("/api/customer/" + customerId + "/devices?pageSize=10&page=0").json();
        assertEquals(1, owned.get("totalElements").asInt());
        assertEquals("leased", owned.at("/data/0/name").asText());
        assertEquals("Acme", rest.get("/api/device/info/" + deviceId).json().get("customerTitle").asText());
        assertEquals("Acme", rest.get("/api/customer/" + customerId + "/deviceInfos?pageSize=10&page=0").json()
            .at("/data/0/customerTitle").asText());

        JsonNode unassigned = rest.delete("/api/customer/device/" + deviceId).json();
        assertEquals(NULL_CUSTOMER, unassigned.get("customerId").get("id").asText());
        TbRestClient.Reply again = rest.delete("/api/customer/device/" + deviceId);
        assertEquals(400, again.status());
        assertEquals("Device isn't assigned to any customer!", again.message());
        assertEquals(0, rest.get("/api/customer/" + customerId + "/devices?pageSize=10&page=0").json()
            .get("totalElements").asInt());
    }

    @Test
    void deletingACustomerUnassignsItsDevicesAndAResetBringsBackTheDemoCustomerAlone() throws Exception {
        TbRestClient rest = TbRestClient.loggedIn(admin.port());
        JsonNode device = rest.createDevice("leased");
        String customerId = rest.post("/api/customer", "{\"title\":\"Acme\"}").json().get("id").get("id").asText();
        rest.post("/api/customer/" + customerId + "/device/" + device.get("id").get("id").asText(), "");
        assertEquals(200, rest.delete("/api/customer/" + customerId).status());
        assertEquals(NULL_CUSTOMER, rest.get("/api/device/" + device.get("id").get("id").asText()).json()
            .get("customerId").get("id").asText());

        rest.post("/api/customer", "{\"title\":\"Temporary\"}");
        String demoId = rest.get("/api/customers?pageSize=10&page=0&textSearch=Customer%20A").json()
            .at("/data/0/id/id").asText();
        api.post("/admin/reset");
        JsonNode after = rest.get("/api/customers?pageSize=10&page=0").json();
        assertEquals(1, after.get("totalElements").asInt());
        assertEquals(demoId, after.at("/data/0/id/id").asText(), "the same customer, the customer user's");
    }

    @Test
    void aCustomerUserSeesItsOwnCustomersDevicesOnly() throws Exception {
        TbRestClient tenant = TbRestClient.loggedIn(admin.port());
        JsonNode device = tenant.createDevice("leased");
        String demoId = tenant.get("/api/customers?pageSize=10&page=0").json().at("/data/0/id/id").asText();
        String otherId = tenant.post("/api/customer", "{\"title\":\"Acme\"}").json().get("id").get("id").asText();
        tenant.post("/api/customer/" + demoId + "/device/" + device.get("id").get("id").asText(), "");

        TbRestClient customer = new TbRestClient(admin.port());
        customer.login("customer@thingsboard.org", "customer");
        assertEquals(1, customer.get("/api/customer/" + demoId + "/devices?pageSize=10&page=0").json()
            .get("totalElements").asInt());
        assertEquals(403, customer.get("/api/customer/" + otherId + "/devices?pageSize=10&page=0").status());
        assertEquals(403, customer.get("/api/customers?pageSize=10&page=0").status(), "the tenant's list is the tenant's");
        assertTrue(customer.get("/api/devices?deviceIds=" + device.get("id").get("id").asText()).json().size() == 1);
    }
}
