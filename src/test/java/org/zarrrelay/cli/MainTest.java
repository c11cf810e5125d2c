package org.zarrrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code Main.commandLine(args)} builds only what the arguments need; whatever it builds must answer
 * exactly as the whole command tree does.
 */
class MainTest {
    private record Answer(int status, String out, String err) {
    }

    private static Answer run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Answer(status, out.toString(), err.toString());
    }

    @Test
    void theOutlineTreeAnswersTopLevelCallsAsTheWholeTreeDoes() {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("--help"), List.of("-h"), List.of("--version"), List.of("-V"),
                List.of("exprot"), List.of("exprot", "--store", "s"), List.of("--nonsense"), List.of("--help", "export"),
                List.of("--version", "info", "--store"), List.of("-hV"), List.of("-V", "export", "--help"),
                List.of("--nonsense", "export"), List.of("-h", "help", "export"))) {
            String[] a = args.toArray(String[]::new);
            assertEquals(run(Main.commandLine(), a), run(Main.commandLine(a), a), "zarr-relay " + args);
        }
    }

    @Test
    void topLevelHelpListsEverySubcommandWithTheFirstLineOfItsDescription() {
        String help = run(Main.commandLine(new String[] {"--help"}), "--help").out();
        assertTrue(help.contains("  export           Exports one region of an array to one file"), help);
        assertTrue(help.contains("  help             Display help information about the specified command."), help);
        assertTrue(help.contains("  roundtrip-bench  Times export to a file"), help);
    }

    @Test
    void aSubcommandOrHelpForOneIsTheRealCommand() {
        for (List<String> args : List.of(List.of("export", "--help"), List.of("help", "export"), List.of("info", "--help"))) {
            String[] a = args.toArray(String[]::new);
            Answer answer = run(Main.commandLine(a), a);
            assertEquals(run(Main.commandLine(), a), answer, "zarr-relay " + args);
            assertTrue(answer.out().contains("--store=S"), answer.out());
        }
    }
}
