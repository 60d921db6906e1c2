package io.tbmock.server.model;

/**
 * A fault in force.
 *
 * @param id        its id, for removing it and in its {@code FAULT} events
 * @param spec      what it does, as created (defaults filled in)
 * @param fired     how many times it has fired
 * @param createdAt when it was created, epoch ms
 */
public record Fault(String id, NewFault spec, int fired, long createdAt) {
}
