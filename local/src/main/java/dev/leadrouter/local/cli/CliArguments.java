package dev.leadrouter.local.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ops CLI's command line: one command ({@code rules validate FILE}, ...) and the options, which
 * may come anywhere, as {@code --name value} or {@code --name=value}.
 *
 * @param command     the command words, e.g. "rules import"; "help" when help was asked for
 * @param file        the command's FILE operand (null for commands without one)
 * @param endpoint    DynamoDB endpoint; null for the region's AWS endpoint
 * @param tablePrefix tables are {@code <prefix>leads}, {@code <prefix>reps}, ...
 */
public record CliArguments(String command, Path file, URI endpoint, String region, String tablePrefix) {
    public static final String DEFAULT_TABLE_PREFIX = "lead-router-";
    public static final String DEFAULT_REGION = "us-east-1";

    /** The commands, with whether each takes a FILE. */
    static final Map<String, Boolean> COMMANDS = Map.of(
            "rules validate", true, "rules import", true, "rules export", false,
            "reps validate", true, "reps import", true, "reps export", false,
            "simulate", true);
    /** Commands whose FILE may be left out: they then check the live tables. */
    static final Set<String> FILE_OPTIONAL = Set.of("rules validate", "reps validate");

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
        List<String> words = new ArrayList<>();
        String endpoint = null;
        String region = null;
        String tablePrefix = null;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                words.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(name + " needs a value");
            }
            switch (name) {
                case "--endpoint" -> endpoint = value;
                case "--region" -> region = value;
                case "--table-prefix" -> tablePrefix = value;
                default -> throw new UsageException("unknown option " + name);
            }
        }
        if (help || words.equals(List.of("help"))) {
            return new CliArguments("help", null, null, null, null);
        }
        String command = command(words);
        Path file = COMMANDS.get(command) && words.size() > command.split(" ").length ? Path.of(words.getLast()) : null;
        return new CliArguments(command, file, endpoint(endpoint), region(region, env), tablePrefix(tablePrefix));
    }

    private static String command(List<String> words) throws UsageException {
        if (words.isEmpty()) {
            throw new UsageException("no command given");
        }
        String first = words.getFirst();
        if ((first.equals("rules") || first.equals("reps")) && words.size() == 1) {
            throw new UsageException(first + " needs one of: validate [FILE], import FILE, export");
        }
        String command = first.equals("simulate") || words.size() < 2 ? first : first + " " + words.get(1);
        Boolean takesFile = COMMANDS.get(command);
        if (takesFile == null) {
            throw new UsageException("unknown command \"" + String.join(" ", words) + "\"");
        }
        int expected = command.split(" ").length + (takesFile ? 1 : 0);
        if (words.size() < expected && !(FILE_OPTIONAL.contains(command) && words.size() == expected - 1)) {
            throw new UsageException(command + " needs a FILE");
        }
        if (words.size() > expected) {
            throw new UsageException("unexpected argument \"" + words.get(expected) + "\" after " + command);
        }
        return command;
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
