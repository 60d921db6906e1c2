package io.tbmock.server.model;

/**
 * Who acted: IN, the device (what it sent, or what the server saw it do); OUT, the server side (what it sent the
 * device, or did to it: an RPC that timed out, a device found inactive or renamed).
 */
public enum Direction {
    IN, OUT
}
