package dev.leadrouter.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A lead's routing trace as its item stores it: its JSON, deflated, in one binary attribute. The trace is most of a
 * lead's bytes, nested a level per candidate and reason, and no expression ever reads into it; as a map, every write
 * and read of the lead (un)marshalled it value by value, in the SDK and in the service, and each write paid for
 * its size. Deflated it takes less than half the bytes (a lead of the sample org: a trace of 0.9 KB instead of 1.9 KB
 * as a map, an item of 2.0 KB instead of 3.0 KB, one write unit less per write). Items written with the trace as a
 * map still read.
 */
final class StoredTrace {
    /** Far above any trace the routing bound lets through; a stored value inflating beyond it is not read. */
    private static final int MAX_INFLATED_BYTES = 4 * 1024 * 1024;

    private StoredTrace() {
    }

    static AttributeValue of(JsonNode trace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflated = new DeflaterOutputStream(bytes)) {
            Json.MAPPER.writeValue(deflated, trace);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory: not expected
        }
        return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(bytes.toByteArray()));
    }

    /** The trace {@code stored} holds; empty when it holds none that reads (an explanation lost, never the lead). */
    static Optional<JsonNode> read(AttributeValue stored) {
        return inflated(stored).filter(JsonNode::isObject);
    }

    private static Optional<JsonNode> inflated(AttributeValue stored) {
        if (stored.b() != null) {
            try (InputStream inflated = new InflaterInputStream(stored.b().asInputStream())) {
                byte[] json = inflated.readNBytes(MAX_INFLATED_BYTES + 1);
                return json.length > MAX_INFLATED_BYTES ? Optional.empty() : Optional.of(Json.MAPPER.readTree(json));
            } catch (IOException unreadable) {
                return Optional.empty();
            }
        }
        return stored.hasM() ? Optional.of(AttributeValues.fromValue(stored)) : Optional.empty();
    }
}
