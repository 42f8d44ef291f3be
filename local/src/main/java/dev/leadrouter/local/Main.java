package dev.leadrouter.local;

import dev.leadrouter.local.cli.OpsCli;

/** Command line of the local distribution: {@code rules ...}, {@code reps ...} and {@code simulate} run the ops CLI. */
public class Main {
    public static void main(String[] args) {
        if (args.length > 0 && OpsCli.COMMAND_WORDS.contains(args[0])) {
            System.exit(OpsCli.runProcess(args, System.out, System.err));
        }
    }
}
