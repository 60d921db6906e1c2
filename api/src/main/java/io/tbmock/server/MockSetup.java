package io.tbmock.server;

import java.util.concurrent.CompletableFuture;

/**
 * The state a mock starts in and returns to on every {@link TbMock#reset()}: devices, profiles, packages and
 * stubs made through the API (a config file's, for example).
 */
@FunctionalInterface
public interface MockSetup {
    /** Nothing: a mock starts empty. */
    MockSetup NONE = tb -> CompletableFuture.completedFuture(null);

    /**
     * Sets the state up on an empty mock, without blocking (it may run on any thread).
     *
     * @return completes when it is set up; exceptionally, with the reason, when it cannot be
     */
    CompletableFuture<Void> apply(TbMock tb);
}
