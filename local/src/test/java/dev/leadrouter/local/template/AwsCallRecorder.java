package dev.leadrouter.local.template;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records, for the whole test JVM, every request beyond an AWS limit ({@link AwsLimits}) and every AWS call as the IAM actions AWS evaluates for it, keyed by the
 * access key id that signed it. Under --function-credentials that key id is the calling function's
 * logical id (its handler's clients and the SQS polling feeding it), so the caller is told apart exactly as
 * AWS tells roles apart, with no bookkeeping in the stack. The SDK loads this interceptor into every client
 * (software/amazon/awssdk/global/handlers/execution.interceptors on the test class path).
 */
public final class AwsCallRecorder implements ExecutionInterceptor {
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");
    private static final Map<String, Set<IamActions.Call>> CALLS = new ConcurrentHashMap<>();
    private static final Set<String> LIMIT_VIOLATIONS = ConcurrentHashMap.newKeySet();
    private static final Map<String, Map<String, LongAdder>> COUNTS = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AwsLimits.violations(context.request()).forEach(LIMIT_VIOLATIONS::add);
        String signer = context.httpRequest().firstMatchingHeader("Authorization")
                .map(CREDENTIAL::matcher).filter(Matcher::find).map(m -> m.group(1)).orElse(null);
        if (signer == null) {
            return;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        COUNTS.computeIfAbsent(signer, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(operation, op -> new LongAdder()).increment();
        CALLS.computeIfAbsent(signer, id -> ConcurrentHashMap.newKeySet())
                .addAll(IamActions.of(operation, context.request()));
    }

    /** Every request of this JVM, signed by anyone, that went beyond an AWS limit the emulators may not check. */
    public static Set<String> limitViolations() {
        return Set.copyOf(LIMIT_VIOLATIONS);
    }

    /** The IAM actions (with resources) asked for so far under access key id {@code signer}. */
    public static Set<IamActions.Call> callsSignedBy(String signer) {
        return Set.copyOf(CALLS.getOrDefault(signer, Set.of()));
    }

    /** How many calls of each operation (SDK name, e.g. {@code Scan}) access key id {@code signer} made so far. */
    public static Map<String, Long> callCountsOf(String signer) {
        Map<String, Long> counts = new TreeMap<>();
        COUNTS.getOrDefault(signer, Map.of()).forEach((operation, count) -> counts.put(operation, count.sum()));
        return counts;
    }
}
