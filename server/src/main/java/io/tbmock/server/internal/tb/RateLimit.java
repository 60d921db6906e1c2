package io.tbmock.server.internal.tb;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One of ThingsBoard's rate limits: {@code "5:1,100:60"} is two token buckets, 5 tokens refilled over 1 s and 100
 * over 60 s, each starting full and refilled continuously (Bucket4j's greedy refill, as ThingsBoard's TbRateLimits
 * configures it); a packet is let through only if every bucket has the tokens it costs.
 */
final class RateLimit {
    private final String text;
    private final List<Bucket> buckets;
    private final LongSupplier clock;

    private static final class Bucket {
        final long capacity;
        final long periodMs;
        double tokens;
        long refilledAt;

        Bucket(long capacity, long periodMs, long now) {
            this.capacity = capacity;
            this.periodMs = periodMs;
            this.tokens = capacity;
            this.refilledAt = now;
        }

        void refill(long now) {
            tokens = Math.min(capacity, tokens + (double) (now - refilledAt) * capacity / periodMs);
            refilledAt = now;
        }
    }

    private RateLimit(String text, List<Bucket> buckets, LongSupplier clock) {
        this.text = text;
        this.buckets = buckets;
        this.clock = clock;
    }

    /**
     * @return null for null
     * @throws IllegalArgumentException not capacity:seconds pairs of positive whole numbers, comma-separated
     */
    static RateLimit parse(String text, LongSupplier clock) {
        if (text == null) {
            return null;
        }
        List<Bucket> buckets = new ArrayList<>();
        long now = clock.getAsLong();
        for (String pair : text.split(",")) {
            String[] parts = pair.trim().split(":");
            try {
                long capacity = Long.parseLong(parts[0].trim());
                long seconds = Long.parseLong(parts[1].trim());
                if (parts.length != 2 || capacity < 1 || seconds < 1) {
                    throw new NumberFormatException();
                }
                buckets.add(new Bucket(capacity, seconds * 1000, now));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("'" + text + "' is not ThingsBoard's rate limit syntax: "
                    + "capacity:seconds pairs, comma-separated, such as 5:1,100:60");
            }
        }
        return new RateLimit(text, buckets, clock);
    }

    /** Takes {@code tokens} from every bucket if each has them; else takes none. */
    synchronized boolean tryConsume(long tokens) {
        long now = clock.getAsLong();
        buckets.forEach(bucket -> bucket.refill(now));
        if (buckets.stream().anyMatch(bucket -> bucket.tokens < tokens)) {
            return false;
        }
        buckets.forEach(bucket -> bucket.tokens -= tokens);
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
