package dev.leadrouter.lambda;

import dev.leadrouter.domain.FieldError;
import java.util.List;

/** Input that can never succeed, however often it is retried: it goes to the dead-letter queue at once. */
public class PermanentFailure extends RuntimeException {
    private final List<FieldError> errors;

    public PermanentFailure(List<FieldError> errors) {
        super(errors.isEmpty() ? "invalid input" : errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public PermanentFailure(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
