package dev.leadrouter.local;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one way a test class gets a local stack: declare a parameter (of a {@code @BeforeAll}, a test or a
 * constructor) of type
 * <ul>
 *   <li>{@link LocalStack} or {@link ApiClient}: the stack shared by the whole test run ({@link TestStack}),
 *       with the sample org;</li>
 *   <li>{@link IsolatedStack}: a stack of the test class alone, without the sample org, started on first use
 *       and stopped after the class.</li>
 * </ul>
 */
public final class StackExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalStack.class || type == ApiClient.class || type == IsolatedStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == LocalStack.class) {
            return TestStack.stack();
        }
        if (type == ApiClient.class) {
            return TestStack.api();
        }
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(IsolatedStack.class, key -> new ClosedAfterTheClass(IsolatedStack.start()),
                        ClosedAfterTheClass.class).stack();
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** Stopped by JUnit when the class's store is closed. */
    private record ClosedAfterTheClass(IsolatedStack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stack.close();
        }
    }
}
