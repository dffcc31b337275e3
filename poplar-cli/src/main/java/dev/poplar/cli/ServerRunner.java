// SPDX-License-Identifier: Apache-2.0
package dev.poplar.cli;

import dev.poplar.server.Pop3Server;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Runs a started server in the foreground until SIGTERM or SIGINT, then shuts it down gracefully.
 * Handling the signals ourselves (rather than in a shutdown hook) is what lets the process exit 0
 * after a clean shutdown, as the command-line contract says. Used by one thread.
 */
final class ServerRunner {
    private ServerRunner() {}

    /** Blocks until a stop signal, then closes the server (stop accepting, grace period, close the rest). */
    static void runUntilStopped(Pop3Server server) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        stop.await();
        System.getLogger("dev.poplar.cli").log(System.Logger.Level.INFO, "stopping: no new connections, waiting for sessions to finish");
        server.close();
        System.getLogger("dev.poplar.cli").log(System.Logger.Level.INFO, "stopped");
    }
}
