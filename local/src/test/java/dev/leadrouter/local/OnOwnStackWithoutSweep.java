package dev.leadrouter.local;

import dev.leadrouter.store.LeadStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A test class on a stack of its own (each subclass has one) with the sweep an hour away, so that only the
 * deliveries under test move the leads written here; {@link #leads} reads them.
 */
abstract class OnOwnStackWithoutSweep {
    @RegisterExtension
    static final StackExtension STACK = StackExtension.ownStack(options -> options.sweepSeconds(3600));

    static LocalStack stack;
    static LeadStore leads;

    @BeforeAll
    static void ownStack(LocalStack own) {
        stack = own;
        leads = new LeadStore(stack.dynamoDb(), stack.config().leadsTable());
    }
}
