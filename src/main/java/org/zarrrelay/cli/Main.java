package org.zarrrelay.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code zarr-relay} command line: the whole command tree is built here. */
@Command(name = "zarr-relay", mixinStandardHelpOptions = true, version = "zarr-relay 0.1.0",
        description = "Exports regions of Zarr / OME-Zarr images to files analysis tools open, and writes results back.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. Built on demand: picocli reads each one's
     * annotations by reflection, which costs more start-up time than most commands take to run.
     */
    private static final Map<String, Subcommand> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("serve", new Subcommand(ServeCommand.class, ServeCommand::new));
        COMMANDS.put("info", new Subcommand(InfoCommand.class, InfoCommand::new));
        COMMANDS.put("export", new Subcommand(ExportCommand.class, ExportCommand::new));
        COMMANDS.put("import", new Subcommand(ImportCommand.class, ImportCommand::new));
        COMMANDS.put("undo", new Subcommand(UndoCommand.class, UndoCommand::new));
        COMMANDS.put("history", new Subcommand(HistoryCommand.class, HistoryCommand::new));
        COMMANDS.put("create", new Subcommand(CreateCommand.class, CreateCommand::new));
        COMMANDS.put("demo", new Subcommand(DemoCommand.class, DemoCommand::new));
        COMMANDS.put("bench", new Subcommand(BenchCommand.class, BenchCommand::new));
        COMMANDS.put("roundtrip-bench", new Subcommand(RoundTripBenchCommand.class, RoundTripBenchCommand::new));
        COMMANDS.put("help", new Subcommand(CommandLine.HelpCommand.class, CommandLine.HelpCommand::new));
    }

    /** A subcommand's class (whose {@code @Command} gives its description) and how to make one. */
    private record Subcommand(Class<?> type, Supplier<Object> make) {
        /**
         * A stand-in with only the name, header and description (help lists the header, if any):
         * enough for the top-level help, the version and picocli's "did you mean" on a misspelt
         * name, without reading options by reflection.
         */
        CommandLine outline(String name) {
            Command command = type.getAnnotation(Command.class);
            CommandSpec spec = CommandSpec.create().name(name);
            spec.usageMessage().header(command.header()).description(command.description());
            return new CommandLine(spec);
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cl = commandLine(args);
        int status;
        try {
            status = cl.execute(args);
        } catch (OutOfMemoryError e) {
            status = ErrorReporter.outOfMemory(cl, e);  // picocli hands Errors on, unwrapped
        }
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(status);
    }

    /** The whole command tree, also used by tests to run any command in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        COMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.make().get()));
        cl.setExecutionExceptionHandler(new ErrorReporter());
        return cl;
    }

    /**
     * The command tree for these arguments. The command they name (the first argument that is not
     * a top-level option such as {@code -h} or {@code -V}) is built whole; the others are outlines,
     * enough for the top-level help, the version and picocli's "did you mean". When the arguments
     * start with the command's name, the outlines are left out too. {@code help X} gets the whole
     * tree.
     */
    static CommandLine commandLine(String[] args) {
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            i++;
        }
        String named = i < args.length ? args[i] : "";
        if (named.equals("help")) {
            return commandLine();
        }
        boolean outlines = i > 0 || !COMMANDS.containsKey(named);
        CommandLine cl = new CommandLine(new Main());
        COMMANDS.forEach((name, command) -> {
            if (name.equals(named)) {
                cl.addSubcommand(name, command.make().get());
            } else if (outlines) {
                cl.addSubcommand(name, command.outline(name));
            }
        });
        cl.setExecutionExceptionHandler(new ErrorReporter());
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
