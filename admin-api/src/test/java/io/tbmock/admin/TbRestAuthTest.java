package io.tbmock.admin;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ThingsBoard's login and token checks (docs/thingsboard-rest.md §2), as its clients meet them. */
class TbRestAuthTest extends RunningAdminServer {

    @Test
    void theTenantLogsInAndGetsTokensItsClientsCanDecode() throws Exception {
        TbRestClient rest = new TbRestClient(admin.port());
        TbRestClient.Reply reply = rest.login("tenant@thingsboard.org", "tenant");
        assertEquals(200, reply.status());
        assertEquals("application/json", reply.contentType());
        JsonNode access = claims(reply.json().get("token").asText());
        assertEquals("HS512", header(reply.json().get("token").asText()).get("alg").asText());
        assertEquals("tenant@thingsboard.org", access.get("sub").asText());
        assertEquals("TENANT_ADMIN", access.get("scopes").get(0).asText());
        assertEquals("thingsboard.io", access.get("iss").asText());
        assertEquals(9000, access.get("exp").asLong() - access.get("iat").asLong()); // the Java RestClient needs iat
        assertEquals("13814000-1dd2-11b2-8080-808080808080", access.get("customerId").asText());
        assertTrue(access.get("enabled").asBoolean());
        JsonNode refresh = claims(reply.json().get("refreshToken").asText());
        assertEquals("REFRESH_TOKEN", refresh.get("scopes").get(0).asText());
        assertEquals(604800, refresh.get("exp").asLong() - refresh.get("iat").asLong());
        // ThingsBoard's Java RestClient.setTokenInfo: auth0's decoder, with iat and exp in the access token.
        DecodedJWT decoded = JWT.decode(reply.json().get("token").asText());
        assertNotNull(decoded.getIssuedAt());
        assertTrue(decoded.getExpiresAt().after(new Date()));
        assertNotNull(JWT.decode(reply.json().get("refreshToken").asText()).getExpiresAt());

        JsonNode user = rest.get("/api/auth/user").json();
        assertEquals("tenant@thingsboard.org", user.get("email").asText());
        assertEquals("TENANT_ADMIN", user.get("authority").asText());
        assertEquals(access.get("tenantId").asText(), user.get("tenantId").get("id").asText());
    }

    @Test
    void aWrongPasswordOrABodyThatIsNotALoginIs401WithCode10() throws Exception {
        TbRestClient rest = new TbRestClient(admin.port());
        TbRestClient.Reply wrong = rest.login("tenant@thingsboard.org", "nope");
        assertEquals(401, wrong.status());
        assertEquals("Invalid username or password", wrong.message());
        assertEquals(10, wrong.json().get("errorCode").asInt());
        assertTrue(wrong.json().get("timestamp").asLong() > 0);
        TbRestClient.Reply garbage = rest.post("/api/auth/login", "not json");
        assertEquals(401, garbage.status());
        assertEquals("Authentication failed", garbage.message());
    }

    @Test
    void callsWithoutOrWithABadTokenAreRefusedAsThingsBoardRefusesThem() throws Exception {
        TbRestClient rest = new TbRestClient(admin.port());
        TbRestClient.Reply none = rest.get("/api/tenant/devices?pageSize=10&page=0");
        assertEquals(401, none.status());
        assertEquals("Authentication failed", none.message());
        assertEquals(10, none.json().get("errorCode").asInt());

        rest.token("abc");
        TbRestClient.Reply garbage = rest.get("/api/tenant/devices?pageSize=10&page=0");
        assertEquals(401, garbage.status());
        assertEquals("Invalid username or password", garbage.message());

        TbRestClient other = TbRestClient.loggedIn(admin.port());
        String token = other.token();
        String[] parts = token.split("\\.");
        rest.token(parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]));
        TbRestClient.Reply forged = rest.get("/api/tenant/devices?pageSize=10&page=0");
        assertEquals(401, forged.status());
        assertEquals("Token has expired", forged.message()); // ThingsBoard's word for a bad signature too
        assertEquals(11, forged.json().get("errorCode").asInt());
    }

    @Test
    void aStandardAuthorizationHeaderWorksAndALowerCaseBearerIsForbidden() throws Exception {
        String token = TbRestClient.loggedIn(admin.port()).token();
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + admin.port() + "/api/auth/user");
        assertEquals(200, http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> lower = http.send(HttpRequest.newBuilder(uri).header("X-Authorization", "bearer " + token)
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, lower.statusCode());
        assertEquals(20, TbRestClient.json(lower.body()).get("errorCode").asInt());
    }

    @Test
    void aRefreshTokenGivesANewPairAndLogoutEndsTheSession() throws Exception {
        TbRestClient rest = new TbRestClient(admin.port());
        JsonNode pair = rest.login("tenant@thingsboard.org", "tenant").json();
        TbRestClient.Reply refreshed = rest.post("/api/auth/token",
            "{\"refreshToken\":\"" + pair.get("refreshToken").asText() + "\"}");
        assertEquals(200, refreshed.status());
        assertNotEquals(claims(pair.get("token").asText()).get("sessionId"),
            claims(refreshed.json().get("token").asText()).get("sessionId"));
        TbRestClient.Reply accessAsRefresh = rest.post("/api/auth/token",
            "{\"refreshToken\":\"" + pair.get("token").asText() + "\"}");
        assertEquals(401, accessAsRefresh.status());

        assertEquals(200, rest.post("/api/auth/logout", "").status());
        TbRestClient.Reply after = rest.get("/api/auth/user");
        assertEquals(401, after.status());
        assertEquals(11, after.json().get("errorCode").asInt());
    }

    @Test
    void anExpiredTokenIs401WithCode11() throws Exception {
        try (TbMockServer other = TbMockServer.start(TbMockOptions.builder().mqttPort(0).mqttsPort(-1)
                .bindAddress("127.0.0.1").build());
             AdminServer otherAdmin = AdminServer.start(other, AdminServer.options().bindAddress("127.0.0.1").port(0)
                 .accessTokenLifetime(Duration.ZERO))) {
            TbRestClient rest = TbRestClient.loggedIn(otherAdmin.port());
            TbRestClient.Reply expired = rest.get("/api/auth/user");
            assertEquals(401, expired.status());
            assertEquals("Token has expired", expired.message());
            assertEquals(11, expired.json().get("errorCode").asInt());
        }
    }

    @Test
    void aCustomerUserCannotCallTenantEndpointsAndTheTenantLoginIsConfigurable() throws Exception {
        TbRestClient customer = new TbRestClient(admin.port());
        assertEquals(200, customer.login("customer@thingsboard.org", "customer").status());
        TbRestClient.Reply refused = customer.get("/api/tenant/devices?pageSize=10&page=0");
        assertEquals(403, refused.status());
        assertEquals("You don't have permission to perform this operation!", refused.message());

        try (TbMockServer other = TbMockServer.start(TbMockOptions.builder().mqttPort(0).mqttsPort(-1)
                .bindAddress("127.0.0.1").build());
             AdminServer otherAdmin = AdminServer.start(other, AdminServer.options().bindAddress("127.0.0.1").port(0)
                 .tenantLogin("ci@example.com", "s3cret").token("admin-secret"))) {
            TbRestClient rest = new TbRestClient(otherAdmin.port());
            assertEquals(401, rest.login("tenant@thingsboard.org", "tenant").status());
            // The admin token guards /admin only: ThingsBoard's API asks for its own login.
            assertEquals(200, rest.login("ci@example.com", "s3cret").status());
            assertEquals(200, rest.get("/api/deviceProfileInfo/default").status());
        }
    }

    private static JsonNode claims(String jwt) {
        return TbRestClient.json(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])));
    }

    private static JsonNode header(String jwt) {
        return TbRestClient.json(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0])));
    }
}
