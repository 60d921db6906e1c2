package io.tbmock.server.internal.tb;

import io.tbmock.server.model.KvValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fast typing of plain decimals gives what ThingsBoard's BigDecimal rule gives, for any number text. */
class ValueTypingRuleTest {

    @Test
    void plainDecimalsAreTypedAsTheBigDecimalRuleTypesThem() {
        List<String> texts = new ArrayList<>(List.of("0", "-0", "007", "21", "-3", "25.5", "25.50", "25.0", "-0.0",
            "0.000", "100.00", "9223372036854775807", "-9223372036854775808", "999999999999999999",
            "1000000000000000000", "0.1234567890123456", "0.12345678901234567", "123456789012345678.5", "1e3",
            "1.5E-3", "-1.0e+2"));
        Random random = new Random(22);
        for (int i = 0; i < 20_000; i++) {
            texts.add(randomNumberText(random));
        }
        for (String text : texts) {
            KvValue expected = ValueTyping.byBigDecimal(text);
            assertEquals(expected, ValueTyping.numeric(text), () -> "typing of " + text);
        }
    }

    private static String randomNumberText(Random random) {
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append('-');
        }
        int integerDigits = 1 + random.nextInt(20);
        for (int i = 0; i < integerDigits; i++) {
            text.append((char) ('0' + random.nextInt(random.nextInt(4) == 0 ? 1 : 10)));
        }
        if (random.nextBoolean()) {
            text.append('.');
            int decimals = 1 + random.nextInt(18);
            for (int i = 0; i < decimals; i++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
        }
        if (random.nextInt(8) == 0) {
            text.append('e').append(random.nextInt(40) - 20);
        }
        return text.toString();
    }
}
