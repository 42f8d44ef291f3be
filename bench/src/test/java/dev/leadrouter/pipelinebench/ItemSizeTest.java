package dev.leadrouter.pipelinebench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Item sizes as DynamoDB's documentation counts them. */
class ItemSizeTest {

    @Test
    void namesAndValuesCount() {
        assertEquals(4 + 5, ItemSize.of(Map.of("name", AttributeValue.fromS("héllo".substring(0, 4)))));
        assertEquals(3 + 1, ItemSize.of(Map.of("yes", AttributeValue.fromBool(true))));
    }

    @Test
    void numbersTakeAByteForTwoSignificantDigitsAndOneMore() {
        assertEquals(1 + 1 + 2, ItemSize.of(Map.of("n", AttributeValue.fromN("123"))));
        assertEquals(1 + 1 + 1, ItemSize.of(Map.of("n", AttributeValue.fromN("1000"))));
    }

    @Test
    void listsAndMapsAddThreeBytesAndOnePerElement() {
        AttributeValue list = AttributeValue.fromL(List.of(AttributeValue.fromS("ab"), AttributeValue.fromS("c")));
        assertEquals(1 + 3 + (1 + 2) + (1 + 1), ItemSize.of(Map.of("l", list)));
        AttributeValue map = AttributeValue.fromM(Map.of("k", AttributeValue.fromS("vv")));
        assertEquals(1 + 3 + 1 + 1 + 2, ItemSize.of(Map.of("m", map)));
    }
}
