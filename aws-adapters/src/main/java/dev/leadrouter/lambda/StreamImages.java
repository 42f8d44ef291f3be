package dev.leadrouter.lambda;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/** A stream record's image (the Lambda event's attribute values) as the lead it holds. */
public final class StreamImages {
    private StreamImages() {
    }

    /** The lead of {@code image}; null for no image. */
    public static Lead lead(Map<String, AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return null;
        }
        return Json.convert(AttributeValues.fromItem(item(image)), Lead.class);
    }

    private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item(Map<String, AttributeValue> image) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = new LinkedHashMap<>();
        image.forEach((name, value) -> item.put(name, value(value)));
        return item;
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue value(AttributeValue value) {
        var sdk = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        if (value.getS() != null) {
            sdk.s(value.getS());
        } else if (value.getN() != null) {
            sdk.n(value.getN());
        } else if (value.getBOOL() != null) {
            sdk.bool(value.getBOOL());
        } else if (value.getB() != null) {
            sdk.b(SdkBytes.fromByteBuffer(value.getB()));
        } else if (value.getSS() != null) {
            sdk.ss(value.getSS());
        } else if (value.getNS() != null) {
            sdk.ns(value.getNS());
        } else if (value.getBS() != null) {
            sdk.bs(value.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
        } else if (value.getL() != null) {
            sdk.l(value.getL().stream().map(StreamImages::value).toList());
        } else if (value.getM() != null) {
            sdk.m(item(value.getM()));
        } else {
            sdk.nul(true);
        }
        return sdk.build();
    }
}
