package io.tbmock.server.internal.mqtt;


/**
 * What a CONNECT offers to authenticate with.
 *
 * @param clientId never null, possibly empty
 * @param username null when the CONNECT has no username
 * @param password the password decoded as UTF-8, null when the CONNECT has none
 */
public record ConnectCredentials(String clientId, String username, String password) {
}
