package io.tbmock.server.model;

/** ThingsBoard's value types for telemetry and attributes. */
public enum DataType {
    BOOLEAN, LONG, DOUBLE, STRING, JSON
}
