package dev.leadrouter.local;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test class on the stack shared by the run (from {@link StackExtension}), with its API. */
@ExtendWith(StackExtension.class)
abstract class OnSharedStack {
    static LocalStack stack;
    static ApiClient api;

    @BeforeAll
    static void sharedStack(LocalStack shared) {
        stack = shared;
        api = ApiClient.of(shared);
    }
}
