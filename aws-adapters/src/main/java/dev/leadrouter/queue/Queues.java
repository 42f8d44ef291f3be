package dev.leadrouter.queue;

import dev.leadrouter.json.Json;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** Sends JSON messages to the pipeline's queues. */
public class Queues {
    /** SQS's longest message delay; longer waits are made of several hops. */
    public static final int MAX_DELAY_SECONDS = dev.leadrouter.port.Publisher.MAX_DELAY_SECONDS;

    private final SqsClient sqs;

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
        String text = body instanceof String s ? s : Json.write(body);
        SendMessageRequest.Builder request = SendMessageRequest.builder()
                .queueUrl(queueUrl)
                .messageBody(text)
                .delaySeconds(Math.max(0, Math.min(MAX_DELAY_SECONDS, delaySeconds)));
        if (!attributes.isEmpty()) {
            Map<String, MessageAttributeValue> values = new java.util.HashMap<>();
            attributes.forEach((name, value) -> values.put(name,
                    MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
            request.messageAttributes(values);
        }
        sqs.sendMessage(request.build());
    }
}
