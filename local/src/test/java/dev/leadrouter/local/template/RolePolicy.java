package dev.leadrouter.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The Allow and Deny statements of one role, resolved to local ARNs, evaluated as IAM does for one account. */
public final class RolePolicy {
    /** One action pattern on one resource pattern of a statement. */
    public record Grant(boolean allow, String action, String resource) {
        public boolean covers(IamActions.Call call) {
            return matches(action, call.action()) && matches(resource, call.resource());
        }

        /** A grant wider than one resource, but for an action IAM evaluates on {@code "*"} alone. */
        public boolean isWildcard() {
            if (resource.equals("*") && IamActions.ON_ANY_RESOURCE.contains(action)) {
                return false;
            }
            return action.contains("*") || resource.equals("*") || resource.endsWith(":*");
        }

        @Override
        public String toString() {
            return action + " on " + resource;
        }
    }

    private final List<Grant> grants;

    private RolePolicy(List<Grant> grants) {
        this.grants = grants;
    }

    public static RolePolicy of(List<JsonNode> statements, SamTemplate template, LocalResources local) {
        List<Grant> grants = new ArrayList<>();
        for (JsonNode statement : statements) {
            boolean allow = statement.path("Effect").asText().equals("Allow");
            for (Object action : list(local.resolve(statement.path("Action"), template))) {
                for (Object resource : list(local.resolve(statement.path("Resource"), template))) {
                    grants.add(new Grant(allow, IamActions.iamName(String.valueOf(action)), String.valueOf(resource)));
                }
            }
        }
        return new RolePolicy(List.copyOf(grants));
    }

    /** Allowed when some Allow statement covers it and no Deny statement does. */
    public boolean allows(IamActions.Call call) {
        return grants.stream().anyMatch(g -> g.allow() && g.covers(call))
                && grants.stream().noneMatch(g -> !g.allow() && g.covers(call));
    }

    public List<Grant> allowed() {
        return grants.stream().filter(Grant::allow).distinct().toList();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> values ? values : List.of(value);
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} one character; case-insensitive actions. */
    private static boolean matches(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(value).matches();
    }
}
