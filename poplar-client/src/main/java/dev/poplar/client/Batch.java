// SPDX-License-Identifier: Apache-2.0
package dev.poplar.client;

import dev.poplar.client.internal.DotStream;
import dev.poplar.client.internal.Wire;
import dev.poplar.protocol.StatusLine;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One pipelined batch of RETR and DELE with a bounded window (RFC 2449 §6.6: a client must not fill
 * the transport window with blocking writes; client-anchors §5.6). Replies are read in command order.
 * Used once, by the client's thread.
 */
final class Batch {
    private record Pending(boolean dele, int number) {}

    private final Wire wire;
    private final int window;
    private final BodyHandler handler;
    private final Supplier<DotStream> bodies;
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Integer> toDelete = new ArrayDeque<>();
    private final List<Integer> retrieved = new ArrayList<>();
    private final List<Integer> deleted = new ArrayList<>();
    private final Map<Integer, Pop3Exception> failures = new LinkedHashMap<>();

    Batch(Wire wire, int window, BodyHandler handler, Supplier<DotStream> bodies) {
        this.wire = wire;
        this.window = window;
        this.handler = handler;
        this.bodies = bodies;
    }

    BatchResult run(List<Integer> numbers) throws IOException {
        int next = 0;
        while (next < numbers.size() || !toDelete.isEmpty() || !inFlight.isEmpty()) {
            boolean wrote = false;
            while (inFlight.size() < window && (!toDelete.isEmpty() || next < numbers.size())) {
                Pending p = !toDelete.isEmpty() ? new Pending(true, toDelete.poll()) : new Pending(false, numbers.get(next++));
                String command = (p.dele() ? "DELE " : "RETR ") + p.number();
                wire.write(command.getBytes(java.nio.charset.StandardCharsets.US_ASCII), command);
                inFlight.add(p);
                wrote = true;
            }
            if (wrote) wire.flush();
            Pending p = inFlight.poll();
            StatusLine s = wire.readStatus();
            if (!s.ok()) {
                failures.put(p.number(), new Pop3Exception(s.code(), s.text()));
                continue;
            }
            if (p.dele()) {
                deleted.add(p.number());
                continue;
            }
            if (deliver(p.number())) toDelete.add(p.number());
        }
        return new BatchResult(retrieved, deleted, failures);
    }

    private boolean deliver(int number) throws IOException {
        DotStream body = bodies.get();
        boolean delete;
        try {
            delete = handler.accept(number, body);
        } catch (IOException | RuntimeException e) {
            if (!wire.broken()) drain(body);
            throw e;
        }
        body.close(); // an incomplete body throws here, before it can be counted as retrieved
        retrieved.add(number);
        return delete;
    }

    /** After a handler failure: read the outstanding replies so the connection stays in step. */
    private void drain(DotStream current) throws IOException {
        current.close();
        while (!inFlight.isEmpty()) {
            Pending p = inFlight.poll();
            StatusLine s = wire.readStatus();
            if (s.ok() && !p.dele()) bodies.get().close();
            else if (s.ok()) deleted.add(p.number());
        }
    }
}
