package io.tbmock.server.internal;

import io.tbmock.server.ServerStoppedException;
import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.BooleanSupplier;

/**
 * A {@link TbMock} that, once its server has stopped, fails every call at once with a message saying so,
 * instead of whatever a stopped executor or a closed port would throw from deep inside. A proxy, so a method
 * added to the interface is guarded without anyone remembering to.
 */
public final class StoppedGuard {
    private StoppedGuard() {
    }

    /** @param running whether the server still runs */
    public static TbMock guard(TbMock mock, BooleanSupplier running) {
        return (TbMock) Proxy.newProxyInstance(TbMock.class.getClassLoader(), new Class<?>[] {TbMock.class},
            (proxy, method, args) -> {
                if (method.getDeclaringClass() != Object.class && !running.getAsBoolean()) {
                    throw stopped(method);
                }
                try {
                    return method.invoke(mock, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }

    private static TbMockException stopped(Method method) {
        return new ServerStoppedException("the tbmock server is stopped: " + method.getName() + "() cannot be called after stop()");
    }
}
