package io.tbmock.server.internal.tb;

/**
 * The topic family a request came on; responses follow the family of the most recent request (spec §3.3).
 * {@link #V2_PROTO} payloads are protobuf.
 */
public enum TopicFamily {
    V1, V2, V2_JSON, V2_PROTO
}
