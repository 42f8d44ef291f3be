package dev.leadrouter.cli;

import java.util.List;

/** A command that could not do its job, with what ops need to fix: one line each. Exit status 1. */
public final class CommandFailed extends Exception {
    private final List<String> details;

    public CommandFailed(String message, List<String> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    public CommandFailed(String message) {
        this(message, List.of());
    }

    public List<String> details() {
        return details;
    }
}
