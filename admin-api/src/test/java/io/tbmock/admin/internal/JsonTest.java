package io.tbmock.admin.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The admin API writes its answers without Jackson's mapper: byte for byte what the mapper would write. */
class JsonTest {
    @Test
    void answersAreWrittenAsJacksonsMapperWritesThem() throws Exception {
        ObjectNode tree = Json.object().put("text", "line\n\"quoted\" é ✓").put("int", 7).put("long", 1L << 40)
            .put("big", new BigInteger("123456789012345678901234567890")).put("decimal", new BigDecimal("21.50"))
            .put("double", 0.1 + 0.2).put("float", 1.5f).put("yes", true).putNull("nothing")
            .put("bytes", new byte[] {1, 2, 3});
        tree.set("raw", Json.object().rawValueNode(new RawValue("{\"t\":21.50}")));
        tree.putArray("empty");
        tree.putArray("list").add(1).add("two").addNull().addObject().put("nested", Json.array());
        tree.putObject("object");

        assertEquals(new String(new ObjectMapper().writeValueAsBytes(tree), StandardCharsets.UTF_8),
            new String(Json.bytes(tree), StandardCharsets.UTF_8));
    }
}
