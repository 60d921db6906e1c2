package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.Json;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * JSON Web Tokens as ThingsBoard issues them: HS512, claims readable by any client (the python and Java clients
 * decode them without checking the signature, for {@code exp} and {@code iat}). The key is made at start, so a
 * token outlives neither the server nor a restart.
 */
final class Jwt {
    private static final String HEADER = encode("{\"alg\":\"HS512\"}".getBytes(StandardCharsets.UTF_8));
    private final byte[] key = new byte[64];

    Jwt() {
        new SecureRandom().nextBytes(key);
    }

    String sign(ObjectNode claims) {
        String signed = HEADER + "." + encode(Json.bytes(claims));
        return signed + "." + encode(mac(signed));
    }

    /**
     * The claims of a token this server signed that has not expired.
     *
     * @throws TbError 401: not a token ({@code Invalid username or password}, as ThingsBoard says), or not ours or
     *                 expired ({@code Token has expired}, for both)
     */
    ObjectNode verify(String token) {
        String[] parts = token.split("\\.", -1);
        JsonNode claims;
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException("not three parts");
            }
            claims = Json.parse(Base64.getUrlDecoder().decode(parts[1]));
        } catch (RuntimeException notAToken) {
            throw TbError.json(HttpResponseStatus.UNAUTHORIZED, TbError.AUTHENTICATION, "Invalid username or password");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException notBase64) {
            signature = new byte[0];
        }
        if (!(claims instanceof ObjectNode object) || !MessageDigest.isEqual(signature, mac(parts[0] + "." + parts[1]))
            || System.currentTimeMillis() >= object.path("exp").asLong() * 1000) {
            throw expired();
        }
        return object;
    }

    static TbError expired() {
        return TbError.json(HttpResponseStatus.UNAUTHORIZED, TbError.JWT_TOKEN_EXPIRED, "Token has expired");
    }

    private byte[] mac(String signed) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA512");
            hmac.init(new SecretKeySpec(key, "HmacSHA512"));
            return hmac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA512", e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
