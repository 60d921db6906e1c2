package io.tbmock.junit5;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the class against one tbmock server, started on free ports before its first test and stopped after
 * its last, with everything recorded reset before each test. Tests take the server as a parameter:
 *
 * <pre>{@code
 * @TbMockTest
 * class ThermostatTest {
 *     @Test
 *     void reportsTemperature(TbMock tb, TbMockRuntimeInfo info) { … }
 * }
 * }</pre>
 *
 * For devices created up front and other settings, register a {@link TbMockExtension} built with
 * {@link TbMockExtension#builder()} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TbMockExtension.class)
public @interface TbMockTest {
    /** Whether everything (devices included) is reset before each test; false keeps state between tests. */
    boolean resetBeforeEach() default true;

    /** Whether the admin REST API is started too (on a free port; see {@link TbMockRuntimeInfo#adminUrl()}). */
    boolean adminApi() default true;

    /** Whether MQTT over TLS is started too (on a free port; see {@link TbMockRuntimeInfo#mqttsUri()}). */
    boolean tls() default true;
}
