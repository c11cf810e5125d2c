package org.zarrrelay.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code zarr-relay} command line: the whole command tree is built here. */
@Command(name = "zarr-relay", mixinStandardHelpOptions = true, version = "zarr-relay 0.1.0",
        description = "Exports regions of Zarr / OME-Zarr images to files analysis tools open, and writes results back.",
        subcommands = {ServeCommand.class, InfoCommand.class, ExportCommand.class, ImportCommand.class, UndoCommand.class,
            HistoryCommand.class, CreateCommand.class, DemoCommand.class, BenchCommand.class, RoundTripBenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int status;
        try {
            status = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands Errors on; this one is the user's to fix, not a bug
            cl.getErr().println("error: " + org.zarrrelay.OutOfMemory.advice(e));
            status = ErrorReporter.USER_ERROR;
        }
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(status);
    }

    /** The configured command tree, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorReporter());
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
