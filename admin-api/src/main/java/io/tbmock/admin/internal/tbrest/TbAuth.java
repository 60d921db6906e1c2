package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.Json;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logins, JWT pairs and the check of every call's token, as ThingsBoard does them (docs/thingsboard-rest.md §2): the token in
 * {@code X-Authorization: Bearer …} (or {@code Authorization}, or {@code ?token=} on the WebSocket).
 */
final class TbAuth {
    private static final String BEARER = "Bearer ";
    private static final String ISSUER = "thingsboard.io";
    private static final String REFRESH_SCOPE = "REFRESH_TOKEN";

    private final Jwt jwt = new Jwt();
    private final List<TbUser> users;
    private final String tenantId;
    private final Duration accessLifetime;
    private final Duration refreshLifetime;
    private final Set<String> loggedOut = ConcurrentHashMap.newKeySet();

    TbAuth(List<TbUser> users, String tenantId, Duration accessLifetime, Duration refreshLifetime) {
        this.users = users;
        this.tenantId = tenantId;
        this.accessLifetime = accessLifetime;
        this.refreshLifetime = refreshLifetime;
    }

    /** {@code POST /api/auth/login}: the pair for a user's name and password. */
    ObjectNode login(byte[] body) {
        JsonNode request = parse(body);
        String username = request.path("username").asText("");
        String password = request.path("password").asText("");
        if (username.isBlank()) {
            throw unauthorized("Authentication failed");
        }
        TbUser user = users.stream().filter(u -> u.email().equalsIgnoreCase(username) && u.password().equals(password))
            .findFirst().orElseThrow(() -> unauthorized("Invalid username or password"));
        return pair(user);
    }

    /** {@code POST /api/auth/token}: a new pair for a refresh token. */
    ObjectNode refresh(byte[] body) {
        JsonNode request = parse(body);
        String token = request.path("refreshToken").asText("");
        if (token.isEmpty()) {
            throw unauthorized("Authentication failed");
        }
        ObjectNode claims = jwt.verify(token);
        if (!scopeOf(claims).equals(REFRESH_SCOPE) || loggedOut.contains(claims.path("sessionId").asText())) {
            throw Jwt.expired();
        }
        return pair(userOf(claims));
    }

    /**
     * The user whose access token the call carries.
     *
     * @throws TbError 401 no token, a malformed one, or one expired, not ours or logged out; 403 a header that is
     *                 not a Bearer one (Spring's refusal)
     */
    TbUser authenticate(ApiRequest request) {
        return authenticate(bearerToken(request));
    }

    /** The user of an access token given as it is (the WebSocket's {@code ?token=}). */
    TbUser authenticate(String token) {
        ObjectNode claims = jwt.verify(token);
        if (scopeOf(claims).equals(REFRESH_SCOPE) || loggedOut.contains(claims.path("sessionId").asText())) {
            throw Jwt.expired();
        }
        return userOf(claims);
    }

    /** {@code POST /api/auth/logout}: the call's session ends; its tokens are refused from now on. */
    void logout(ApiRequest request) {
        String token = bearerToken(request);
        authenticate(token);
        loggedOut.add(jwt.verify(token).path("sessionId").asText());
    }

    /** The token of {@code X-Authorization: Bearer …}, or of {@code Authorization: Bearer …}. */
    private static String bearerToken(ApiRequest request) {
        String header = request.header("X-Authorization");
        if (header == null) {
            header = request.header(HttpHeaderNames.AUTHORIZATION);
        }
        if (header == null) {
            throw unauthorized("Authentication failed");
        }
        if (!header.startsWith(BEARER)) {
            throw TbError.json(HttpResponseStatus.FORBIDDEN, TbError.PERMISSION_DENIED, "Forbidden");
        }
        return header.substring(BEARER.length());
    }

    /** A login or refresh body; anything but JSON is ThingsBoard's {@code Authentication failed}. */
    private static JsonNode parse(byte[] body) {
        try {
            return Json.parse(body);
        } catch (RuntimeException notJson) {
            throw unauthorized("Authentication failed");
        }
    }

    private ObjectNode pair(TbUser user) {
        long now = System.currentTimeMillis() / 1000;
        String sessionId = UUID.randomUUID().toString();
        ObjectNode access = Json.object().put("sub", user.email()).put("userId", user.id());
        access.putArray("scopes").add(user.authority().name());
        access.put("sessionId", sessionId).put("iss", ISSUER).put("iat", now)
            .put("exp", now + accessLifetime.toSeconds()).put("enabled", true).put("isPublic", false)
            .put("tenantId", tenantId).put("customerId", user.customerId());
        ObjectNode refresh = Json.object().put("sub", user.email()).put("userId", user.id());
        refresh.putArray("scopes").add(REFRESH_SCOPE);
        refresh.put("sessionId", sessionId).put("iss", ISSUER).put("iat", now)
            .put("exp", now + refreshLifetime.toSeconds()).put("isPublic", false)
            .put("jti", UUID.randomUUID().toString());
        return Json.object().put("token", jwt.sign(access)).put("refreshToken", jwt.sign(refresh));
    }

    private TbUser userOf(ObjectNode claims) {
        String userId = claims.path("userId").asText();
        return users.stream().filter(user -> user.id().equals(userId)).findFirst().orElseThrow(Jwt::expired);
    }

    private static String scopeOf(ObjectNode claims) {
        return claims.path("scopes").path(0).asText();
    }

    private static TbError unauthorized(String message) {
        return TbError.json(HttpResponseStatus.UNAUTHORIZED, TbError.AUTHENTICATION, message);
    }
}
