// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option, accepted by every command that reads settings. The file itself is
 * read by {@link PoplarTool} before parsing; this declaration only makes the flag legal and documented.
 */
final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with defaults for long options (key = option name without dashes).")
    Path config;
}
