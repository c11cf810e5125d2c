package org.zarrrelay.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code zarr-relay} command line: the whole command tree is built here. */
@Command(name = "zarr-relay", mixinStandardHelpOptions = true, version = "zarr-relay 0.1.0",
        description = "Exports regions of Zarr / OME-Zarr images to files analysis tools open, and writes results back.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. Built on demand: picocli reads each one's
     * annotations by reflection, which costs more start-up time than most commands take to run.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("serve", ServeCommand::new);
        COMMANDS.put("info", InfoCommand::new);
        COMMANDS.put("export", ExportCommand::new);
        COMMANDS.put("import", ImportCommand::new);
        COMMANDS.put("undo", UndoCommand::new);
        COMMANDS.put("history", HistoryCommand::new);
        COMMANDS.put("create", CreateCommand::new);
        COMMANDS.put("demo", DemoCommand::new);
        COMMANDS.put("bench", BenchCommand::new);
        COMMANDS.put("roundtrip-bench", RoundTripBenchCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
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

    /** The configured command tree, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command tree for these arguments: when they start with a subcommand's name, only that
     * subcommand is built; otherwise (top-level help, {@code help X}, a misspelt name that picocli
     * suggests a correction for) all of them.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        if (COMMANDS.containsKey(first) && !first.equals("help")) {
            cl.addSubcommand(first, COMMANDS.get(first).get());
        } else {
            COMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        cl.setExecutionExceptionHandler(new ErrorReporter());
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
