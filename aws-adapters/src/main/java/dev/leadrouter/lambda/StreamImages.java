package dev.leadrouter.lambda;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.store.LeadStore;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/** A stream record's image (the Lambda event's attribute values) as the lead it holds. */
public final class StreamImages {
    private StreamImages() {
    }

    /**
     * The lead of {@code image} without its routing trace, which no stream consumer reads and which is most of the
     * image; null for no image.
     */
    public static Lead leadWithoutTrace(Map<String, AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return null;
        }
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = new LinkedHashMap<>();
        image.forEach((name, value) -> {
            if (!name.equals(LeadStore.TRACE)) {
                item.put(name, value(value));
            }
        });
        return LeadStore.lead(item);
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
