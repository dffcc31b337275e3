// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.cli.bench.BigboxCommand;
import dev.poplar.cli.bench.BigmessageCommand;
import dev.poplar.cli.bench.DownloadCommand;
import dev.poplar.cli.bench.GenerateCommand;
import dev.poplar.cli.bench.IdleCommand;
import dev.poplar.cli.bench.SessionsCommand;
import picocli.CommandLine.Command;

/** {@code poplar bench}: a POP3 load generator for any server, and the data set it runs on. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure a POP3 server, Poplar or any other, under load. Each scenario is bounded in",
                "time or count, prints a table and, with --json FILE, appends one JSON object per line.",
                "The load generator runs every client on a virtual thread and reports its own CPU use",
                "(bench_cpu_pct, percent of one core) so you can tell when it, not the server, is the",
                "limit; --server-pid adds the server's CPU and memory.",
                "",
                "Scenarios (see 'poplar bench SCENARIO --help'):",
                "  sessions    C clients loop USER, PASS, STAT, UIDL, QUIT: sessions/s, latency per step",
                "  download    C clients RETR whole mailboxes, sizes checked against LIST: MB/s, msgs/s",
                "  bigbox      a 100,000-message maildrop: login, STAT, UIDL, LIST, RETR last, first and warm",
                "  bigmessage  RETR of a 200 MB message: MB/s, server heap and RSS growth",
                "  idle        K logged-in idle sessions: server memory per session, a probe's latency",
                "",
                "Make the data set first: 'poplar bench generate --out DIR', then serve DIR/maildirs with",
                "DIR/users. bench/compare.sh runs everything against Poplar and Dovecot side by side."},
        subcommands = {GenerateCommand.class, SessionsCommand.class, DownloadCommand.class, BigboxCommand.class, BigmessageCommand.class,
                IdleCommand.class})
final class BenchCommand {
}
