package dev.leadrouter.port;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.FieldError;
import java.util.List;
import java.util.function.Function;

/** {@code GET /leads}: a page of leads, newest first, with a cursor bound to the query it was made for. */
public interface LeadList {
    /**
     * The leads matching {@code query} (parameter name to value); {@code onlyRepId} narrows them to that rep's
     * (null for ops, who see all).
     */
    Result list(Function<String, String> query, String onlyRepId);

    /** The answer: a page, or what is wrong with the request. */
    record Result(List<FieldError> errors, ObjectNode page) {
    }
}
