package org.zarrrelay.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.zarrrelay.camel.RelayContext;
import org.zarrrelay.camel.RelaySettings;
import picocli.CommandLine.Option;

/**
 * The settings options of commands that run jobs (export, import, undo, history): the same as
 * {@code serve}'s, so a command finds the ledger and store roots of the relay on that data folder
 * and its jobs are recorded, locked and journaled like the relay's own.
 */
final class RelayOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "settings file (default: config/application.properties in the current folder, if present)")
    Path config;

    @Option(names = "--data", paramLabel = "DIR",
            description = "the relay's data folder, whose job ledger records this job (default: relay.data, ./data)")
    Path data;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one setting (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();

    RelaySettings settings(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        extra.forEach(all::putIfAbsent);
        return ServeCommand.settings(config, data, all);
    }

    /** @param s3Location an s3:// location the command names, or null */
    RelayContext open(String s3Location, Map<String, String> extra) {
        return RelayContext.forCli(settings(extra), s3Location);
    }
}
