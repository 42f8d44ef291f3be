package dev.leadrouter.store;

import dev.leadrouter.domain.Rep;
import dev.leadrouter.routing.StoredRep;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A rep item's {@link StoredRep#DECIDED_ON} attributes as DynamoDB returned them (N or S, sets...). */
public record DynamoReadAs(Map<String, AttributeValue> attributes) implements StoredRep.ReadAs {
    public DynamoReadAs {
        attributes = Map.copyOf(attributes);
    }

    /** The rep with what the decision reads of {@code item}. */
    public static StoredRep stored(Rep rep, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> decidedOn = new HashMap<>();
        StoredRep.DECIDED_ON.stream().filter(item::containsKey).forEach(name -> decidedOn.put(name, item.get(name)));
        return new StoredRep(rep, new DynamoReadAs(decidedOn));
    }

    /** What {@code rep} was decided on, as stored. */
    static Map<String, AttributeValue> of(StoredRep rep) {
        return ((DynamoReadAs) rep.decidedOn()).attributes();
    }

    @Override
    public StoredRep.ReadAs withOpenLeads(int openLeads) {
        Map<String, AttributeValue> moved = new HashMap<>(attributes);
        moved.put("openLeads", AttributeValue.fromN(Integer.toString(openLeads)));
        return new DynamoReadAs(moved);
    }
}
