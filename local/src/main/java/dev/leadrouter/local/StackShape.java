package dev.leadrouter.local;

import java.util.Map;
import java.util.Set;

/**
 * What a running local stack wires together, in template.yaml's terms: functions by logical id, HTTP routes by
 * route key ("GET /leads/{leadId}"), queue consumers by queue name, scheduled functions, and the names of the
 * tables and queues it provisioned. TemplateDriftIT holds it, and those tables and queues as the emulators
 * describe them, against the template.
 */
public record StackShape(Set<String> functions, Map<String, Route> routes, Map<String, String> consumerOfQueue,
                         Set<String> scheduled, Set<String> tables, Set<String> queues) {

    /** The function behind a route, and whether the route needs a caller's token (AWS: the authorizer). */
    public record Route(String function, boolean authorized) {
    }
}
