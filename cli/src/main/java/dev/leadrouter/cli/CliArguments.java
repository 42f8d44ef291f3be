package dev.leadrouter.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The ops CLI's command line, parsed by picocli: one command ({@code rules validate FILE}, ...) and the
 * options, which may come before or after the command's words, as {@code --name value} or {@code --name=value}.
 *
 * @param command     the command words, e.g. "rules import"; "help" when help was asked for
 * @param file        the command's FILE operand (null for commands without one)
 * @param endpoint    DynamoDB endpoint; null for the region's AWS endpoint
 * @param tablePrefix tables are {@code <prefix>leads}, {@code <prefix>reps}, ...
 */
public record CliArguments(String command, Path file, URI endpoint, String region, String tablePrefix) {
    public static final String DEFAULT_TABLE_PREFIX = "lead-router-";
    public static final String DEFAULT_REGION = "us-east-1";

    /** How a command takes its FILE operand. */
    private enum FileOperand { NONE, OPTIONAL, REQUIRED }

    /** The commands: group (null for a top-level one), verb and FILE operand. */
    private record CommandDef(String group, String verb, FileOperand file) {
        String words() {
            return group == null ? verb : group + " " + verb;
        }
    }

    private static final List<CommandDef> COMMANDS = List.of(
            new CommandDef("rules", "validate", FileOperand.OPTIONAL),
            new CommandDef("rules", "import", FileOperand.REQUIRED),
            new CommandDef("rules", "export", FileOperand.NONE),
            new CommandDef("reps", "validate", FileOperand.OPTIONAL),
            new CommandDef("reps", "import", FileOperand.REQUIRED),
            new CommandDef("reps", "export", FileOperand.NONE),
            new CommandDef(null, "simulate", FileOperand.REQUIRED));

    /** DynamoDB's table name alphabet; the prefix is part of every table name. */
    private static final Pattern TABLE_NAME_CHARACTERS = Pattern.compile("[A-Za-z0-9_.-]+");

    /** A command line that cannot be run; the message says why. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** Parses {@code args}; {@code env} supplies AWS_REGION when --region is not given. */
    public static CliArguments parse(List<String> args, Map<String, String> env) throws UsageException {
        ParseResult result;
        try {
            result = commandLine().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(message(e));
        }
        List<ParseResult> levels = new ArrayList<>();
        for (ParseResult level = result; level != null; level = level.subcommand()) {
            levels.add(level);
        }
        if (levels.stream().anyMatch(ParseResult::isUsageHelpRequested)
                || levels.size() > 1 && levels.get(1).commandSpec().name().equals("help")) {
            return new CliArguments("help", null, null, null, null);
        }
        ParseResult leaf = levels.getLast();
        if (levels.size() == 1) {
            throw new UsageException("no command given");
        }
        if (leaf.commandSpec().subcommands().size() > 0) {
            throw new UsageException(leaf.commandSpec().name() + " needs one of: validate [FILE], import FILE, export");
        }
        String command = String.join(" ", levels.stream().skip(1).map(level -> level.commandSpec().name()).toList());
        Path file = leaf.hasMatchedPositional(0) ? Path.of(leaf.<String>matchedPositionalValue(0, null)) : null;
        return new CliArguments(command, file, endpoint(option(levels, "--endpoint")),
                region(option(levels, "--region"), env), tablePrefix(option(levels, "--table-prefix")));
    }

    /** Picocli's reason in the CLI's words: which command or option is wrong, and how. */
    private static String message(CommandLine.ParameterException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String command = commandWords(spec);
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            List<String> arguments = unmatched.getUnmatched();
            String first = arguments.getFirst();
            if (first.startsWith("-")) {
                return "unknown option " + first.split("=", 2)[0];
            }
            if (spec.subcommands().isEmpty() && spec.parent() != null) {
                return "unexpected argument \"" + first + "\" after " + command;
            }
            return "unknown command \"" + (command.isEmpty() ? "" : command + " ") + String.join(" ", arguments) + "\"";
        }
        if (e instanceof CommandLine.MissingParameterException missing) {
            return missing.getMissing().getFirst() instanceof OptionSpec option ? option.longestName() + " needs a value"
                    : command + " needs a FILE";
        }
        return e.getMessage();
    }

    /** "rules import" for the spec of that command; "" for the root. */
    private static String commandWords(CommandSpec spec) {
        List<String> words = new ArrayList<>();
        for (CommandSpec level = spec; level.parent() != null; level = level.parent()) {
            words.addFirst(level.name());
        }
        return String.join(" ", words);
    }

    /** The option's value wherever on the command line it was given (the last one given wins). */
    private static String option(List<ParseResult> levels, String name) {
        String value = null;
        for (ParseResult level : levels) {
            if (level.hasMatchedOption(name)) {
                value = level.matchedOptionValue(name, null);
            }
        }
        return value;
    }

    /** The command tree; the options are inherited by every command, so they may come anywhere. */
    private static CommandLine commandLine() {
        CommandSpec root = withOptions(CommandSpec.create().name("lead-router-cli"));
        root.addSubcommand("help", new CommandLine(CommandSpec.create().name("help")));
        for (CommandDef def : COMMANDS) {
            CommandSpec leaf = CommandSpec.create().name(def.verb());
            if (def.file() != FileOperand.NONE) {
                leaf.addPositional(PositionalParamSpec.builder().paramLabel("FILE").type(String.class)
                        .arity(def.file() == FileOperand.REQUIRED ? "1" : "0..1").required(def.file() == FileOperand.REQUIRED)
                        .build());
            }
            CommandSpec parent = root;
            if (def.group() != null) {
                parent = Optional.ofNullable(root.subcommands().get(def.group())).map(CommandLine::getCommandSpec)
                        .orElseGet(() -> {
                            CommandSpec group = CommandSpec.create().name(def.group());
                            root.addSubcommand(def.group(), new CommandLine(group));
                            return group;
                        });
            }
            parent.addSubcommand(def.verb(), new CommandLine(leaf));
        }
        return new CommandLine(root);
    }

    private static CommandSpec withOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).scopeType(ScopeType.INHERIT).build());
        for (String name : List.of("--endpoint", "--region", "--table-prefix")) {
            spec.addOption(OptionSpec.builder(name).type(String.class).arity("1").scopeType(ScopeType.INHERIT).build());
        }
        return spec;
    }

    private static URI endpoint(String value) throws UsageException {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new UsageException("--endpoint must be an http or https URL, e.g. http://localhost:8000, not " + value);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--endpoint is not a URL: " + value);
        }
    }

    private static String region(String value, Map<String, String> env) throws UsageException {
        if (value != null) {
            if (value.isBlank()) {
                throw new UsageException("--region must not be empty");
            }
            return value;
        }
        String fromEnv = env.get("AWS_REGION");
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT_REGION : fromEnv;
    }

    private static String tablePrefix(String value) throws UsageException {
        if (value == null) {
            return DEFAULT_TABLE_PREFIX;
        }
        if (!TABLE_NAME_CHARACTERS.matcher(value).matches()) {
            throw new UsageException("--table-prefix may only use letters, digits, '_', '-' and '.', not \"" + value + "\"");
        }
        return value;
    }

    public String table(String name) {
        return tablePrefix + name;
    }

    /** Whether the endpoint is on this machine, where any credentials do (the embedded services). */
    public boolean localEndpoint() {
        if (endpoint == null) {
            return false;
        }
        String host = endpoint.getHost();
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }
}
