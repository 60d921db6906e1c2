package io.tbmock.testing;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs every case of a {@link ConnectedDevice} class twice: with an MQTT 3.1.1 device and with an MQTT 5
 * device. The class takes the protocol in its constructor.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "{0}")
@EnumSource(value = MqttProtocol.class, names = {"MQTT_3_1_1", "MQTT_5"})
public @interface ForEachProtocol {
}
