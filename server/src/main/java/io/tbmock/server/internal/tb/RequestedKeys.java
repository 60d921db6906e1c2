package io.tbmock.server.internal.tb;

import java.util.Set;

/**
 * The keys an attribute request names, per scope; null for a scope it does not name (then every attribute of both
 * scopes is asked for when neither is named, as ThingsBoard answers {@code {}}).
 */
public record RequestedKeys(Set<String> client, Set<String> shared) {
}
