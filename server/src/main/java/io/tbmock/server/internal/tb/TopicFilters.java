package io.tbmock.server.internal.tb;

/** MQTT topic filter matching, as a broker matches: {@code +} is one level, a trailing {@code #} the rest or nothing. */
final class TopicFilters {
    private TopicFilters() {
    }

    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#") && i == f.length - 1) {
                return true;
            }
            if (i >= t.length || !f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
