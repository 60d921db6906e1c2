package io.tbmock.server.model;

/** ThingsBoard's attribute scopes. */
public enum AttributeScope {
    /** Sent by the device ({@code CLIENT_SCOPE}). */
    CLIENT,
    /** Set by the server side and pushed to the device ({@code SHARED_SCOPE}). */
    SHARED,
    /** Kept by the server side; the device never sees them ({@code SERVER_SCOPE}). */
    SERVER
}
