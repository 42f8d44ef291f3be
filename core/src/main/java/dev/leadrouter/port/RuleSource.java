package dev.leadrouter.port;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** The ops-edited rules table, read whole (it is small; the rules cache compiles it), the settings item included. */
public interface RuleSource {
    List<ObjectNode> all();

    /** One item as stored (the settings item is {@code ruleId} "settings"). */
    Optional<ObjectNode> item(String ruleId);
}
