package io.tbmock.server.model;

/** Whether an event came from the device (IN) or was sent to it (OUT). */
public enum Direction {
    IN, OUT
}
