package io.tbmock.bench.compare;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's {@code key=value} arguments over its defaults; a key it does not know is refused, naming the ones
 * it knows.
 */
final class BenchArgs {
    private final Map<String, String> values = new LinkedHashMap<>();

    /** @param defaults {@code {key, default}} pairs, in the order a usage line would name them */
    BenchArgs(String[] args, String[][] defaults) {
        for (String[] option : defaults) {
            values.put(option[0], option[1]);
        }
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            if (pair.length != 2 || !values.containsKey(pair[0])) {
                throw new IllegalArgumentException("unknown argument " + arg + "; known: " + values.keySet());
            }
            values.put(pair[0], pair[1]);
        }
    }

    String text(String key) {
        return values.get(key);
    }

    int integer(String key) {
        return Integer.parseInt(values.get(key));
    }

    /** Every argument with its value, defaults included, for a result file to say what was run. */
    Map<String, String> all() {
        return Map.copyOf(values);
    }

    /** A value of words apart, such as JVM options; none when blank. */
    List<String> words(String key) {
        String value = values.get(key);
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }
}
