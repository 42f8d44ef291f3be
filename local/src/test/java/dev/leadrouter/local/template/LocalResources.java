package dev.leadrouter.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the template's intrinsic functions to the local stack's resources: the stack is named
 * "lead-router", so that the template's names (e.g. {@code ${AWS::StackName}-leads}) are the local names of
 * CONTRACT.md, "2. Local stack", in the local region and account.
 */
public final class LocalResources {
    public static final String STACK_NAME = "lead-router";
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    /** What {@code AWS::NoValue} resolves to. */
    public static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    private final Function<String, String> queueUrlByName;

    /** {@code queueUrlByName}: what {@code Ref} of a queue gives (its URL at the local SQS endpoint). */
    public LocalResources(Function<String, String> queueUrlByName) {
        this.queueUrlByName = queueUrlByName;
    }

    public static String tableArn(String tableName) {
        return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT_ID + ":table/" + tableName;
    }

    public static String queueArn(String queueName) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT_ID + ":" + queueName;
    }

    public static String sesIdentityArn(String identity) {
        return "arn:aws:ses:" + REGION + ":" + ACCOUNT_ID + ":identity/" + identity;
    }

    /** The ARN the local stack gives a secret (AWS adds a random suffix, which IAM statements match by Ref). */
    public static String secretArn(String name) {
        return "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT_ID + ":secret:" + name;
    }

    /** A string, a list, a Boolean (conditions) or {@link #NO_VALUE}. */
    public Object resolve(JsonNode value, SamTemplate template) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<Object> items = new ArrayList<>();
            value.forEach(item -> {
                Object resolved = resolve(item, template);
                if (resolved != NO_VALUE) {
                    items.add(resolved);
                }
            });
            return items;
        }
        var field = value.fields().next();
        JsonNode argument = field.getValue();
        return switch (field.getKey()) {
            case "Ref" -> ref(argument.asText(), template);
            case "Fn::GetAtt" -> getAtt(argument.get(0).asText(), argument.get(1).asText(), template);
            case "Fn::Sub" -> argument.isArray() ? sub(argument.get(0).asText(), argument.get(1), template)
                    : sub(argument.asText(), null, template);
            case "Fn::Join" -> String.join(argument.get(0).asText(),
                    ((List<?>) resolve(argument.get(1), template)).stream().map(String::valueOf).toList());
            case "Fn::If" -> template.condition(argument.get(0).asText(), this)
                    ? resolve(argument.get(1), template) : resolve(argument.get(2), template);
            case "Fn::Equals" -> resolve(argument.get(0), template).equals(resolve(argument.get(1), template));
            case "Fn::Not" -> !Boolean.TRUE.equals(resolve(argument.get(0), template));
            case "Fn::And" -> all(argument, template, true);
            case "Fn::Or" -> !all(argument, template, false);
            case "Condition" -> template.condition(argument.asText(), this);
            default -> throw new IllegalArgumentException("cannot resolve " + value + " locally");
        };
    }

    private boolean all(JsonNode conditions, SamTemplate template, boolean expected) {
        for (JsonNode condition : conditions) {
            if (Boolean.TRUE.equals(resolve(condition, template)) != expected) {
                return false;
            }
        }
        return true;
    }

    private Object ref(String name, SamTemplate template) {
        switch (name) {
            case "AWS::NoValue":
                return NO_VALUE;
            case "AWS::StackName":
                return STACK_NAME;
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT_ID;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            default:
                break;
        }
        JsonNode resource = template.resource(name);
        if (resource.isMissingNode()) {
            String parameter = template.parameter(name);
            if (parameter == null) {
                throw new IllegalArgumentException("no value for parameter " + name);
            }
            return parameter;
        }
        return switch (resource.path("Type").asText()) {
            case "AWS::DynamoDB::Table" -> name(resource, "TableName", template);
            case "AWS::SQS::Queue" -> queueUrlByName.apply(name(resource, "QueueName", template));
            case "AWS::SecretsManager::Secret" -> secretArn(name(resource, "Name", template));
            default -> name;
        };
    }

    private Object getAtt(String logicalId, String attribute, SamTemplate template) {
        JsonNode resource = template.resource(logicalId);
        String type = resource.path("Type").asText();
        return switch (type + "." + attribute) {
            case "AWS::DynamoDB::Table.Arn" -> tableArn(name(resource, "TableName", template));
            // The stream's label is only known once the table exists: locally, any stream of the table.
            case "AWS::DynamoDB::Table.StreamArn" -> tableArn(name(resource, "TableName", template)) + "/stream/*";
            case "AWS::SQS::Queue.Arn" -> queueArn(name(resource, "QueueName", template));
            case "AWS::SQS::Queue.QueueName" -> name(resource, "QueueName", template);
            default -> throw new IllegalArgumentException("cannot resolve " + logicalId + "." + attribute + " locally");
        };
    }

    private String name(JsonNode resource, String property, SamTemplate template) {
        return String.valueOf(resolve(resource.path("Properties").path(property), template));
    }

    private String sub(String text, JsonNode variables, SamTemplate template) {
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            Object value;
            if (variables != null && variables.has(variable)) {
                value = resolve(variables.get(variable), template);
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                int dot = variable.indexOf('.');
                value = getAtt(variable.substring(0, dot), variable.substring(dot + 1), template);
            } else {
                value = ref(variable, template);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
