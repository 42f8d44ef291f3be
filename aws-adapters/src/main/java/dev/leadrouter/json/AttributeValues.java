package dev.leadrouter.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts between JSON trees and DynamoDB items, so that domain objects are stored as plain
 * DynamoDB types that ops can read and edit (numbers as N, lists as L, maps as M).
 * Reading accepts what people type in the console too: SS and NS sets become arrays.
 */
public final class AttributeValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AttributeValues() {
    }

    public static Map<String, AttributeValue> toItem(JsonNode object) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isNull()) {
                item.put(field.getKey(), toValue(field.getValue()));
            }
        }
        return item;
    }

    public static AttributeValue toValue(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return AttributeValue.fromNul(true);
        }
        if (node.isTextual()) {
            return AttributeValue.fromS(node.textValue());
        }
        if (node.isNumber()) {
            return AttributeValue.fromN(node.numberValue() instanceof BigDecimal d ? d.toPlainString() : node.asText());
        }
        if (node.isBoolean()) {
            return AttributeValue.fromBool(node.booleanValue());
        }
        if (node.isArray()) {
            List<AttributeValue> values = new ArrayList<>(node.size());
            node.forEach(element -> values.add(toValue(element)));
            return AttributeValue.fromL(values);
        }
        return AttributeValue.fromM(toItem(node));
    }

    public static ObjectNode fromItem(Map<String, AttributeValue> item) {
        ObjectNode object = NODES.objectNode();
        item.forEach((name, value) -> object.set(name, fromValue(value)));
        return object;
    }

    public static JsonNode fromValue(AttributeValue value) {
        if (value.s() != null) {
            return NODES.textNode(value.s());
        }
        if (value.n() != null) {
            return number(value.n());
        }
        if (value.bool() != null) {
            return NODES.booleanNode(value.bool());
        }
        if (value.hasM()) {
            return fromItem(value.m());
        }
        if (value.hasL()) {
            ArrayNode array = NODES.arrayNode();
            value.l().forEach(element -> array.add(fromValue(element)));
            return array;
        }
        if (value.hasSs()) {
            ArrayNode array = NODES.arrayNode();
            value.ss().forEach(array::add);
            return array;
        }
        if (value.hasNs()) {
            ArrayNode array = NODES.arrayNode();
            value.ns().forEach(n -> array.add(number(n)));
            return array;
        }
        return NODES.nullNode();
    }

    private static JsonNode number(String text) {
        BigDecimal decimal = new BigDecimal(text);
        if (decimal.scale() <= 0 && decimal.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            return NODES.numberNode(decimal.longValueExact());
        }
        return NODES.numberNode(decimal);
    }
}
