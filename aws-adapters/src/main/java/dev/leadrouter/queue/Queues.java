package dev.leadrouter.queue;

import dev.leadrouter.json.Json;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** Sends JSON messages to the pipeline's queues, each at once in its own SendMessage. */
public class Queues {
    /** SQS's longest message delay; longer waits are made of several hops. */
    public static final int MAX_DELAY_SECONDS = dev.leadrouter.port.Publisher.MAX_DELAY_SECONDS;

    final SqsClient sqs;

    public Queues(SqsClient sqs) {
        this.sqs = sqs;
    }

    public void send(String queueUrl, Object body) {
        send(queueUrl, body, 0, Map.of());
    }

    public void sendDelayed(String queueUrl, Object body, int delaySeconds) {
        send(queueUrl, body, delaySeconds, Map.of());
    }

    public void send(String queueUrl, Object body, int delaySeconds, Map<String, String> attributes) {
        SendMessageRequest.Builder request = SendMessageRequest.builder()
                .queueUrl(queueUrl)
                .messageBody(text(body))
                .delaySeconds(delay(delaySeconds));
        if (!attributes.isEmpty()) {
            request.messageAttributes(attributeValues(attributes));
        }
        sqs.sendMessage(request.build());
    }

    /**
     * Runs {@code action} once the sends made so far have been accepted: here at once, since each send above
     * returned only when SQS took the message ({@link BatchedSends} holds it until its batch is sent).
     */
    public void afterSent(Runnable action) {
        action.run();
    }

    static String text(Object body) {
        return body instanceof String s ? s : Json.write(body);
    }

    static int delay(int delaySeconds) {
        return Math.max(0, Math.min(MAX_DELAY_SECONDS, delaySeconds));
    }

    static Map<String, MessageAttributeValue> attributeValues(Map<String, String> attributes) {
        Map<String, MessageAttributeValue> values = new HashMap<>();
        attributes.forEach((name, value) -> values.put(name,
                MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        return values;
    }
}
