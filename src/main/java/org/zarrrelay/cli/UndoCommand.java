package org.zarrrelay.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zarrrelay.camel.RelayContext;
import org.zarrrelay.job.JobFiles;
import org.zarrrelay.job.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "undo", mixinStandardHelpOptions = true,
        description = "Undoes a job's write-back at every level, as one transaction, keeping changes later jobs made"
                + " (refused, with a conflict mask undo-<id>.conflict.tif in the current folder, where they disagree).")
final class UndoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "the job whose write-back is undone")
    String id;

    @Mixin
    RelayOptions relay;

    @Override
    public Integer call() {
        try (RelayContext ctx = relay.open(null, Map.of())) {
            JobStatus s = ctx.roundTrip().undo(id, Path.of(JobFiles.conflictMask("undo-" + id)));
            spec.commandLine().getOut().println("job " + s.id() + ": " + s.state() + " - " + s.message());
        }
        return 0;
    }
}
