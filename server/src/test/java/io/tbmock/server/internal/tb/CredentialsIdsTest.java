package io.tbmock.server.internal.tb;

import org.junit.jupiter.api.Test;

import static io.tbmock.server.model.DeviceCredentials.basic;
import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ids ThingsBoard stores credentials under (docs/thingsboard-mqtt.md §2.2). */
class CredentialsIdsTest {
    private static final String SHA3_OF_ABC = "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532";

    @Test
    void sha3IsLowercaseHexOfSha3_256() {
        assertEquals(SHA3_OF_ABC, CredentialsIds.sha3Hex("abc"));
    }

    @Test
    void idsFollowThingsBoardsScheme() {
        assertEquals("T1", CredentialsIds.of(token("T1")));
        assertEquals(CredentialsIds.sha3Hex("abc"), CredentialsIds.of(basic("abc", null, null)));
        assertEquals(CredentialsIds.sha3Hex("c|u"), CredentialsIds.of(basic("c", "u", "p")));
        assertEquals("u", CredentialsIds.of(basic(null, "u", "p")));
        assertEquals("u", CredentialsIds.of(basic("", "u", null)));
    }

    @Test
    void lookupsJoinOnlyTheNonEmptyParts() {
        assertEquals(CredentialsIds.sha3Hex("c|u"), CredentialsIds.forClientIdAndUsername("c", "u"));
        assertEquals(CredentialsIds.sha3Hex("u"), CredentialsIds.forClientIdAndUsername("", "u"));
    }
}
