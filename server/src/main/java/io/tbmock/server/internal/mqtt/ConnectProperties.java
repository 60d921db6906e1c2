package io.tbmock.server.internal.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.tbmock.server.internal.tb.JsonWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The MQTT 5 properties of a CONNECT, for the journal. ThingsBoard reads none of them for a device session
 * (it assigns no client id, keeps no session state, limits no packet size or receive window), so tbmock only
 * shows them: a test can see what its device asked for.
 */
final class ConnectProperties {
    private ConnectProperties() {
    }

    /** Adds {@code "properties":{…}} to the CONNECT's description, if there are any. */
    static void write(JsonWriter json, MqttProperties properties) {
        if (properties.isEmpty()) {
            return;
        }
        json.object("properties", fields -> {
            List<String> userProperties = new ArrayList<>();
            for (MqttProperties.MqttProperty<?> property : properties.listAll()) {
                if (property instanceof MqttProperties.UserProperties user) {
                    user.value().forEach(pair -> userProperties.add(pair.key + "=" + pair.value));
                } else if (property.value() instanceof byte[] bytes) {
                    fields.field(name(property), bytes.length + " bytes");
                } else if (property.value() instanceof Integer number) {
                    fields.field(name(property), number.longValue());
                } else {
                    fields.field(name(property), String.valueOf(property.value()));
                }
            }
            if (!userProperties.isEmpty()) {
                fields.strings("userProperties", userProperties);
            }
        });
    }

    /** {@code SESSION_EXPIRY_INTERVAL} as {@code sessionExpiryInterval}. */
    private static String name(MqttProperties.MqttProperty<?> property) {
        String[] words = MqttProperties.MqttPropertyType.valueOf(property.propertyId()).name().toLowerCase(Locale.ROOT)
            .split("_");
        StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
    }
}
