package io.tbmock.bench;

/**
 * The JVM's start-up floor on this machine: a main that does nothing, run as {@code java -cp bench/target/classes}.
 * bench/startup.sh prints tbmock's launch beside it, as a multiple of it.
 */
public final class TrivialMain {
    private TrivialMain() {
    }

    public static void main(String[] args) {
        // Nothing: what is measured is the JVM starting and stopping.
    }
}
