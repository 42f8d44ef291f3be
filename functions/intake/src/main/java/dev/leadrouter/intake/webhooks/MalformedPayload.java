package dev.leadrouter.intake.webhooks;

import dev.leadrouter.domain.FieldError;
import dev.leadrouter.lambda.PermanentFailure;
import java.util.List;

/**
 * A native payload that cannot be mapped onto a lead, with every problem named by its path in the
 * payload: a webhook answers 400 with these errors, a CRM import message goes to the dead-letter queue.
 */
public class MalformedPayload extends PermanentFailure {
    public MalformedPayload(List<FieldError> errors) {
        super(errors);
    }
}
