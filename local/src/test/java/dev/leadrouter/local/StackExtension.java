package dev.leadrouter.local;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one way a test class gets a local stack: declare a parameter (of a {@code @BeforeAll}, a test or a
 * constructor) of type
 * <ul>
 *   <li>{@link LocalStack} or {@link ApiClient}: with {@code @ExtendWith(StackExtension.class)}, the stack
 *       shared by the whole test run ({@link TestStack}), with the sample org; with a class's own
 *       {@code @RegisterExtension static final StackExtension STACK = StackExtension.ownStack(options -> ...)},
 *       a stack of that class alone, started with those options on first use and stopped after the class
 *       (a parameter marked {@link Shared} still gets the shared one);</li>
 *   <li>{@link IsolatedStack}: a stack of the test class alone, without the sample org, started on first use
 *       and stopped after the class.</li>
 * </ul>
 * Every stack runs on free ports with --function-credentials, so that the audits run last (LeastPrivilegeTest,
 * AwsLimitsTest) see its calls.
 */
public final class StackExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);

    /** Null: the shared stack. */
    private final UnaryOperator<LocalStackOptions> ownOptions;

    public StackExtension() {
        this(null);
    }

    private StackExtension(UnaryOperator<LocalStackOptions> ownOptions) {
        this.ownOptions = ownOptions;
    }

    /** On a parameter of a class with a stack of its own: the stack shared by the run all the same. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface Shared {
    }

    /** A stack of the class alone: {@code options} applied to {@link #freePorts()}. */
    public static StackExtension ownStack(UnaryOperator<LocalStackOptions> options) {
        return new StackExtension(options);
    }

    /** What every test stack starts from: free ports, each function signing with its own access key id. */
    static LocalStackOptions freePorts() {
        return new LocalStackOptions().port(0).dynamoDbPort(0).sqsPort(0).functionCredentials(true);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalStack.class || type == ApiClient.class || type == IsolatedStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        ExtensionContext.Store store = classContext(context).getStore(NAMESPACE);
        if (type == IsolatedStack.class) {
            return store.getOrComputeIfAbsent(IsolatedStack.class, key -> new ClosedAfterTheClass(IsolatedStack.start()),
                    ClosedAfterTheClass.class).stack();
        }
        LocalStack stack = ownOptions == null || parameter.isAnnotated(Shared.class) ? TestStack.stack()
                : store.getOrComputeIfAbsent(LocalStack.class,
                        key -> new ClosedAfterTheClass(LocalStack.start(ownOptions.apply(freePorts()))),
                        ClosedAfterTheClass.class).stack();
        return type == ApiClient.class ? ApiClient.of(stack) : stack;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** Stopped by JUnit when the class's store is closed. */
    private record ClosedAfterTheClass(AutoCloseable resource) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            resource.close();
        }

        @SuppressWarnings("unchecked")
        <T> T stack() {
            return (T) resource;
        }
    }
}
