package dev.leadrouter.local;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Which test classes of the running plan, of every test engine (Jupiter and jqwik), have not finished yet:
 * LeastPrivilegeTest and AwsLimitsTest judge the calls of every test before them, so they check that none is
 * left. Registered for the whole test JVM (META-INF/services).
 */
public final class AuditsRunLast implements TestExecutionListener {
    private static final Set<String> UNFINISHED = ConcurrentHashMap.newKeySet();

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        plan.getRoots().forEach(root -> plan.getDescendants(root).forEach(id -> className(id).ifPresent(UNFINISHED::add)));
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        className(id).ifPresent(UNFINISHED::remove);
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        className(id).ifPresent(UNFINISHED::remove);
    }

    /** The test classes of this run still to run or running, but {@code audits}. */
    static Set<String> unfinishedBut(Class<?>... audits) {
        Set<String> unfinished = new TreeSet<>(UNFINISHED);
        for (Class<?> audit : audits) {
            unfinished.remove(audit.getName());
        }
        return unfinished;
    }

    private static Optional<String> className(TestIdentifier id) {
        return id.getSource().filter(ClassSource.class::isInstance).map(source -> ((ClassSource) source).getClassName());
    }
}
